using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Initializers.LinearAlgebra;
using Xunit;
using Xunit.Abstractions;

namespace Initializers.Tests.Golden
{
    /// <summary>Every case of <see cref="GoldenTable"/> against tests/golden/seeded-values.tsv, bit for bit. Build.ps1
    /// Test runs this on both builds of the library (net8.0, netstandard2.0) and on every SIMD tier (child processes
    /// with AVX-512, AVX2 or all hardware intrinsics switched off).</summary>
    [Trait("Category", "EveryTier")]
    public class GoldenValuesTests
    {
        /// <summary>Orthogonal float64 with and without a hardware fused multiply-add (FMA rounds a*b+c once, the
        /// netstandard2.0 build and x86 without FMA round it twice) are two references, each bit-stable; they differ by
        /// at most this much times |gain| on the tested shapes (measured: 2.8e-15 on 257×256, 1.5e-16 up to 1001 elements).</summary>
        public const double OrthogonalFmaTolerance = 1e-14;

        private static readonly Lazy<Dictionary<string, GoldenRow>> Table =
            new(() => GoldenTable.Read(Path.Combine(GoldenTable.Directory(AppContext.BaseDirectory), GoldenTable.FileName)));

        private readonly ITestOutputHelper output;

        public GoldenValuesTests(ITestOutputHelper output) => this.output = output;

        public static TheoryData<string> Classes()
        {
            var data = new TheoryData<string>();
            foreach (var info in InitializerCatalog.All.Where(i => i.Type.Assembly == typeof(Initializer).Assembly))
            {
                data.Add(info.ClassName);
            }

            return data;
        }

        /// <summary>Each entry bit for bit: the sha256 column with a hardware fused multiply-add, sha256_nofma without.</summary>
        [Theory]
        [MemberData(nameof(Classes))]
        public void ValuesMatchTheGoldenTable(string className)
        {
            var fma = MicroKernel.HasFusedMultiplyAdd;
            var cases = GoldenTable.Cases().Where(c => c.ClassName == className).ToList();
            Assert.NotEmpty(cases);
            var differ = new List<string>();
            foreach (var c in cases)
            {
                if (!Table.Value.TryGetValue(c.Id, out var expected))
                {
                    differ.Add("not in the table: " + c.Id);
                    continue;
                }

                var tensor = c.Build();
                var sha = GoldenTable.Sha256(tensor);
                if (sha != expected.Expected(fma) || tensor.Count != expected.Elements)
                {
                    differ.Add($"{c.Id}: sha256 {sha}, table {expected.Expected(fma)}\n    values {GoldenTable.Values(tensor, 4)}\n    table  {expected.Values}");
                }
            }

            output.WriteLine($"{className}: {cases.Count - differ.Count} of {cases.Count} entries bit-identical to the {(fma ? "sha256" : "sha256_nofma")} column.");
            Assert.True(differ.Count == 0, $"{differ.Count} of {cases.Count} {className} entries differ from tests/golden/{GoldenTable.FileName}:\n" + string.Join("\n", differ));
        }

        /// <summary>Where the two references differ (Orthogonal float64), the values of this build are within
        /// <see cref="OrthogonalFmaTolerance"/>·|gain| of the FMA reference's values recorded in the table (every element
        /// up to 1001 elements, 64 of a larger tensor); on an FMA machine they are equal.</summary>
        [Fact]
        public void OrthogonalWithoutFmaIsWithinTheStatedToleranceOfTheReference()
        {
            var fma = MicroKernel.HasFusedMultiplyAdd;
            var cases = GoldenTable.Cases().Where(c => Table.Value.TryGetValue(c.Id, out var row) && row.Sha256NoFma != "-").ToList();
            Assert.NotEmpty(cases);
            Assert.All(cases, c => Assert.Contains((c.ClassName, c.DType), new[] { ("Orthogonal", DType.Float64), ("TorchOrthogonal", DType.Float64) }));
            double worst = 0;
            foreach (var c in cases)
            {
                var gain = Math.Abs((double)c.Config.Single(kv => kv.Key == "gain").Value);
                var tensor = c.Build();
                foreach (var (index, text) in GoldenTable.ParseValues(Table.Value[c.Id].Values))
                {
                    var deviation = Math.Abs((double)tensor.GetFlat(index) - double.Parse(text, CultureInfo.InvariantCulture)) / gain;
                    worst = Math.Max(worst, deviation);
                    Assert.True(fma ? deviation == 0 : deviation <= OrthogonalFmaTolerance, $"{c.Id} element {index}: {tensor.GetFlat(index)} vs the table's {text}");
                }
            }

            output.WriteLine($"largest deviation from the FMA reference: {worst:R} × |gain| (fused multiply-add: {fma})");
        }

        [Fact]
        public void TheLargeShapesCrossAChunkAndTheParallelThresholdOfTheFillDriver()
        {
            var options = new FillOptions();
            long crossing = GoldenTable.ChunkCrossing.Aggregate(1, (a, b) => a * b);
            long parallel = GoldenTable.Parallel.Aggregate(1, (a, b) => a * b);
            Assert.InRange(crossing, options.ChunkSize + 1L, (2L * options.ChunkSize) - 1);
            Assert.True(parallel >= options.ParallelThreshold, $"{parallel} elements stay below the parallel threshold {options.ParallelThreshold}");
        }

        [Fact]
        public void EveryEntryOfTheTableIsStillACase()
        {
            var ids = new HashSet<string>(GoldenTable.Cases().Select(c => c.Id));
            var stale = Table.Value.Keys.Where(id => !ids.Contains(id)).ToList();
            Assert.True(stale.Count == 0, "In the table but no longer a case: " + string.Join(", ", stale));
        }
    }
}
