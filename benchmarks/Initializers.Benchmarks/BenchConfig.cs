using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Jobs;

namespace Initializers.Benchmarks
{
    /// <summary>Short runs (the machine is shared and noisy; medians are what docs/benchmarks.md reports).</summary>
    public sealed class BenchConfig : ManualConfig
    {
        public BenchConfig()
        {
            AddJob(Job.Default.WithWarmupCount(2).WithIterationCount(7).WithLaunchCount(1).WithId("short"));
            AddColumn(StatisticColumn.Median, StatisticColumn.Min);
            AddDiagnoser(MemoryDiagnoser.Default);
            AddExporter(CsvExporter.Default, MarkdownExporter.GitHub);
            WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }
    }
}
