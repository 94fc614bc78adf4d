using Xunit;

#if MUTATION_RUN
// Under Stryker (build.ps1 Mutate): one test at a time. Stryker tests several mutants in one test run and switches the
// active mutant as each test starts; that switch is process-wide, so a test of another class running at the same time
// ran under the wrong mutant and mutants it should have killed were reported as survivors.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
// The slowest classes last (MutationRunOrder.cs).
[assembly: TestCollectionOrderer("Initializers.Tests.MutationRunOrder", "Initializers.Tests")]
#else
// Test classes run in parallel; the statistics tests are CPU heavy on a 2-core machine, so keep it modest.
[assembly: CollectionBehavior(MaxParallelThreads = 2)]
#endif
