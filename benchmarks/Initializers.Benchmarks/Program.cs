using System;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace Initializers.Benchmarks
{
    public static class Program
    {
        /// <summary>BenchmarkDotNet switcher (e.g. <c>--filter *Fill*</c>), plus <c>--memory</c>: the peak-memory probe, and <c>--rate</c>: a quick fill-rate probe (RateProbe).</summary>
        public static int Main(string[] args)
        {
            if (args.Contains("--memory"))
            {
                return MemoryProbe.Run(args);
            }

            if (args.Contains("--rate"))
            {
                return RateProbe.Run(args);
            }

            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, DefaultConfig.Instance.WithOptions(ConfigOptions.DisableOptimizationsValidator));
            return 0;
        }
    }
}
