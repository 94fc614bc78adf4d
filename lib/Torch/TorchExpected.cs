using System;
using Initializers.Statistics;
using MathNet.Numerics.Distributions;

namespace Initializers.Torch
{
    /// <summary>The statistics a PyTorch random initializer's distribution predicts, for Measure-Tensor.</summary>
    internal static class TorchExpected
    {
        public static ExpectedStatistics Of(TorchDraw draw)
        {
            switch (draw.Kind)
            {
                case 'u':
                    return new ExpectedStatistics((draw.P1 + draw.P2) / 2, (draw.P2 - draw.P1) / Math.Sqrt(12), draw.P1, draw.P2, true, false, "U[a, b): mean (a+b)/2, std (b-a)/sqrt(12)");
                case 'n':
                    return new ExpectedStatistics(draw.P1, draw.P2, null, null, false, false, "N(mean, std^2)");
                default:
                {
                    // N(mean, std²) on [a, b]: with α = (a−mean)/std, β = (b−mean)/std and Z = Φ(β) − Φ(α),
                    // mean + std·(φ(α) − φ(β))/Z and std·sqrt(1 + (αφ(α) − βφ(β))/Z − ((φ(α) − φ(β))/Z)²).
                    var alpha = (draw.A - draw.P1) / draw.P2;
                    var beta = (draw.B - draw.P1) / draw.P2;
                    var z = Normal.CDF(0, 1, beta) - Normal.CDF(0, 1, alpha);
                    var pa = Normal.PDF(0, 1, alpha);
                    var pb = Normal.PDF(0, 1, beta);
                    var shift = (pa - pb) / z;
                    var variance = 1 + (((alpha * pa) - (beta * pb)) / z) - (shift * shift);
                    return new ExpectedStatistics(draw.P1 + (draw.P2 * shift), draw.P2 * Math.Sqrt(Math.Max(0, variance)), draw.A, draw.B, false, false, "N(mean, std^2) restricted to [a, b]: the truncated normal's mean and std");
                }
            }
        }
    }
}
