using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Initializers.Statistics
{
    /// <summary>Counts of values in equal-width bins, as <c>numpy.histogram(a, bins)</c> gives them: <see cref="Edges"/>
    /// has one more entry than <see cref="Counts"/>; bin i holds the values v with Edges[i] &lt;= v &lt; Edges[i + 1],
    /// except the last bin, which is closed (it also holds v == Edges[^1], the maximum).</summary>
    public sealed class Histogram
    {
        private readonly double[] edges;
        private readonly long[] counts;

        /// <summary>A histogram from its bin edges and counts.</summary>
        /// <param name="edges">The bin edges, ascending; one more than <paramref name="counts"/>.</param>
        /// <param name="counts">The number of values in each bin.</param>
        public Histogram(IReadOnlyList<double> edges, IReadOnlyList<long> counts)
        {
            if (edges is null || counts is null || edges.Count != counts.Count + 1)
            {
                throw new InitializerException(
                    "InvalidHistogram",
                    ErrorKind.InvalidArgument,
                    $"A histogram needs one more edge than bins; got {edges?.Count ?? 0} edges and {counts?.Count ?? 0} counts.",
                    edges);
            }

            this.edges = new double[edges.Count];
            this.counts = new long[counts.Count];
            for (var i = 0; i < edges.Count; i++)
            {
                this.edges[i] = edges[i];
            }

            for (var i = 0; i < counts.Count; i++)
            {
                this.counts[i] = counts[i];
            }
        }

        /// <summary>The bin edges, ascending (numpy's second return value); empty when there was nothing to count.</summary>
        public IReadOnlyList<double> Edges => edges;

        /// <summary>The number of values in each bin (numpy's first return value).</summary>
        public IReadOnlyList<long> Counts => counts;

        /// <summary>The histogram as text, one line per bin: the half-open interval (the last one closed), a bar of
        /// full blocks proportional to the count (the largest bin gets <paramref name="barWidth"/> blocks, a non-empty
        /// bin at least one) and the count, for example <c>[-0.1, -0.08)  ███████ 1234</c>. Edges are printed with
        /// <paramref name="digits"/> significant digits, invariant culture.</summary>
        /// <param name="barWidth">The length of the longest bar, 1 or more (default 30).</param>
        /// <param name="digits">Significant digits of the edges, 1 to 17 (default 4).</param>
        public string Render(int barWidth = 30, int digits = 4)
        {
            if (barWidth < 1 || digits < 1 || digits > 17)
            {
                throw new InitializerException(
                    "InvalidArgument",
                    ErrorKind.InvalidArgument,
                    $"Render needs barWidth >= 1 and digits from 1 to 17; got barWidth={barWidth}, digits={digits}.",
                    barWidth);
            }

            var labels = new string[counts.Length];
            var format = "G" + digits.ToString(CultureInfo.InvariantCulture);
            var width = 0;
            for (var i = 0; i < counts.Length; i++)
            {
                labels[i] = "[" + Edge(edges[i], format) + ", " + Edge(edges[i + 1], format) + (i == counts.Length - 1 ? "]" : ")");
                width = Math.Max(width, labels[i].Length);
            }

            long largest = 0;
            var countWidth = 1;
            foreach (var c in counts)
            {
                largest = Math.Max(largest, c);
                countWidth = Math.Max(countWidth, c.ToString(CultureInfo.InvariantCulture).Length);
            }

            var sb = new StringBuilder();
            for (var i = 0; i < counts.Length; i++)
            {
                var bar = largest == 0 ? 0 : (int)Math.Round((double)counts[i] * barWidth / largest, MidpointRounding.AwayFromZero);
                if (bar == 0 && counts[i] > 0)
                {
                    bar = 1;
                }

                if (i > 0)
                {
                    sb.Append('\n');
                }

                sb.Append(labels[i].PadRight(width)).Append("  ").Append(new string('\u2588', bar)).Append(new string(' ', barWidth - bar))
                    .Append(' ').Append(counts[i].ToString(CultureInfo.InvariantCulture).PadLeft(countWidth));
            }

            return sb.ToString();
        }

        /// <summary>The text of <see cref="Render"/> with its defaults.</summary>
        public override string ToString() => Render();

        private static string Edge(double value, string format) => (value == 0 ? 0.0 : value).ToString(format, CultureInfo.InvariantCulture);
    }
}
