using System;
using Initializers.Randomness;
using Xunit;

namespace Initializers.Tests.Randomness
{
    /// <summary>Accuracy of the Box–Muller polynomials against System.Math in double precision.</summary>
    public class FastMathTests
    {
        // float log on the Box–Muller domain [2^-24, 1]: relative error at most 2^-22 (4 float ulps near 1 <= x < 2),
        // and absolute error at most 2^-24 where log is close to zero.
        [Fact]
        public void FloatLog()
        {
            var random = new Random(1);
            for (var i = 0; i < 200_000; i++)
            {
                var x = i < 1000 ? 1f - i * (1f / 16777216f) : (float)Math.Pow(2, -24 * random.NextDouble());
                var exact = Math.Log(x);
                var error = Math.Abs(FastMath.Log(x) - exact);
                Assert.True(error <= Math.Max(Math.Abs(exact) * Math.Pow(2, -22), Math.Pow(2, -24) * 0.01), $"log({x})");
            }
        }

        // double log: relative error at most 2^-51 (about 2 ulps).
        [Fact]
        public void DoubleLog()
        {
            var random = new Random(2);
            for (var i = 0; i < 200_000; i++)
            {
                var x = i < 1000 ? 1.0 - i * Math.Pow(2, -52) : Math.Pow(2, -52 * random.NextDouble());
                if (x == 1.0) { Assert.Equal(0.0, FastMath.Log(x)); continue; }
                var exact = Math.Log(x);
                Assert.True(Math.Abs(FastMath.Log(x) - exact) <= Math.Abs(exact) * Math.Pow(2, -51), $"log({x})");
            }
        }

        // float sin/cos on [-pi/4, pi/4]: absolute error at most 2^-24 (one ulp of values in [0.5, 1)).
        [Fact]
        public void FloatSinCos()
        {
            for (var i = -100_000; i <= 100_000; i++)
            {
                var a = (float)(Math.PI / 4 * i / 100_000.0);
                FastMath.SinCosKernel(a, out var s, out var c);
                Assert.True(Math.Abs(s - Math.Sin(a)) <= Math.Pow(2, -24), $"sin({a})");
                Assert.True(Math.Abs(c - Math.Cos(a)) <= Math.Pow(2, -24), $"cos({a})");
            }
        }

        // double sin/cos on [-pi/4, pi/4]: absolute error at most 2^-53.
        [Fact]
        public void DoubleSinCos()
        {
            for (var i = -100_000; i <= 100_000; i++)
            {
                var a = Math.PI / 4 * i / 100_000.0;
                FastMath.SinCosKernel(a, out var s, out var c);
                Assert.True(Math.Abs(s - Math.Sin(a)) <= Math.Pow(2, -53), $"sin({a})");
                Assert.True(Math.Abs(c - Math.Cos(a)) <= Math.Pow(2, -53), $"cos({a})");
            }
        }

        // The random-angle wrappers: the quadrant rotation lands on the right angle (q + t) * pi/2.
        [Fact]
        public void AngleFromBits()
        {
            var random = new Random(3);
            for (var i = 0; i < 100_000; i++)
            {
                var bits = (uint)random.Next() ^ ((uint)random.Next(4) << 30);
                var turns = (bits >> 30) + ((bits >> 6) & 0xFFFFFF) / 16777216.0 - 0.5;
                FastMath.SinCosFromBits(bits, out var s, out var c);
                Assert.True(Math.Abs(s - Math.Sin(turns * Math.PI / 2)) <= 3e-7, $"{bits:x}");
                Assert.True(Math.Abs(c - Math.Cos(turns * Math.PI / 2)) <= 3e-7, $"{bits:x}");

                var wide = ((ulong)bits << 32) | (uint)random.Next();
                var t = (wide >> 62) + (wide & 0xFFFFFFFFFFFFFUL) / 4503599627370496.0 - 0.5;
                FastMath.SinCosFromBits(wide, out var sd, out var cd);
                Assert.True(Math.Abs(sd - Math.Sin(t * Math.PI / 2)) <= 1e-15, $"{wide:x}");
                Assert.True(Math.Abs(cd - Math.Cos(t * Math.PI / 2)) <= 1e-15, $"{wide:x}");
            }
        }
    }
}
