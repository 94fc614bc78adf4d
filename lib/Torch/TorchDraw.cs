using Initializers.Family;

namespace Initializers.Torch
{
    /// <summary>The distribution a PyTorch random initializer draws from for one shape, and the one way it is sampled
    /// (through <see cref="Sampling"/>, so element i depends only on the seed and i).</summary>
    internal sealed class TorchDraw
    {
        private TorchDraw(char kind, double p1, double p2, double a = 0, double b = 0)
        {
            Kind = kind;
            P1 = p1;
            P2 = p2;
            A = a;
            B = b;
        }

        /// <summary>'u' uniform [P1, P2); 'n' normal (mean P1, std P2); 't' normal (mean P1, std P2) in [A, B].</summary>
        public char Kind { get; }

        public double P1 { get; }

        public double P2 { get; }

        public double A { get; }

        public double B { get; }

        public static TorchDraw Uniform(double low, double high) => new('u', low, high);

        public static TorchDraw Normal(double mean, double std) => new('n', mean, std);

        public static TorchDraw Between(double mean, double std, double a, double b) => new('t', mean, std, a, b);

        public TensorElements.RangeFiller Filler(DType dtype, long seed) => Kind switch
        {
            // PyTorch's uniform_(x, x) is from + (to − from)·u = x for every element (+0 for x = −0), not an error.
            'u' when P1 == P2 => (start, destination) => Sampling.ConstantRange(dtype, P1 + (P2 - P1), start, destination),
            'u' => (start, destination) => Sampling.UniformRange(dtype, seed, P1, P2, start, destination),
            'n' => (start, destination) => Sampling.NormalRange(dtype, seed, P1, P2, start, destination),
            _ => (start, destination) => Sampling.TruncatedBetweenRange(dtype, seed, P1, P2, A, B, start, destination),
        };
    }
}
