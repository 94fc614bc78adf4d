using Xunit;

// Test classes run in parallel; the statistics tests are CPU heavy on a 2-core machine, so keep it modest.
[assembly: CollectionBehavior(MaxParallelThreads = 2)]
