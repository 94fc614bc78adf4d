#if MUTATION_RUN
using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

namespace Initializers.Tests
{
    /// <summary>Under Stryker (build.ps1 Mutate) the test classes run one at a time, and a mutant's test run stops at
    /// its first failing test. These classes take most of the filtered suite's time (NumpyFixtureTests alone 11 of its
    /// 27 s: it reads a JSON manifest, so every JSON parser mutant ran it before reaching the parser's own tests), so
    /// they run last: a mutant that a quick test kills is then not held up by them. The tests of the folders being
    /// mutated run first (build.ps1 Mutate names them in InitializersMutationFirst: lib/Serialization gives the classes
    /// of Initializers.Tests.Serialization). The order changes only how soon a mutant is found killed; a survivor still
    /// runs every test that covers it.</summary>
    public sealed class MutationRunOrder : ITestCollectionOrderer
    {
        // The slowest classes of the filtered suite (build.ps1 Test's trx, 2026-12-01), slowest last.
        private static readonly string[] Last =
        {
            "Initializers.Tests.Golden.GoldenValuesTests",
            "Initializers.Tests.Randomness.FastMathTests",
            "Initializers.Tests.Streaming.StreamingExportTests",
            "Initializers.Tests.Family.DistributionFactsTests",
            "Initializers.Tests.Models.Weights.TfjsModelFilesTests",
            "Initializers.Tests.IO.NumpyFixtureTests",
        };

        private static readonly string[] First = (Environment.GetEnvironmentVariable("InitializersMutationFirst") ?? "")
            .Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => "Initializers.Tests." + folder.Trim() + ".")
            .ToArray();

        public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
            testCollections.OrderBy(Rank).ThenBy(c => c.DisplayName, StringComparer.Ordinal);

        /// <summary>-1 for the classes of the folders being mutated, 1, 2, ... for the slow ones in <see cref="Last"/>'s
        /// order, 0 for the rest. A class in its own collection has the collection name "Test collection for " and
        /// its full name.</summary>
        private static int Rank(ITestCollection collection)
        {
            var name = collection.DisplayName;
            const string prefix = "Test collection for ";
            var type = name.StartsWith(prefix, StringComparison.Ordinal) ? name.Substring(prefix.Length) : name;
            var last = Array.IndexOf(Last, type) + 1;
            return last == 0 && First.Any(f => type.StartsWith(f, StringComparison.Ordinal)) ? -1 : last;
        }
    }
}
#endif
