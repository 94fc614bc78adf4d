using System.Linq;
using Initializers.Family;

namespace Initializers.Torch
{
    /// <summary>The base of PyTorch's random <c>torch.nn.init</c> functions that draw each element independently
    /// (uniform_, normal_, trunc_normal_, xavier_*, kaiming_*): floating dtypes, the seed semantics of
    /// <see cref="RandomInitializer"/>. The values come from this library's Philox streams, not from PyTorch's
    /// generator: the same seed gives the same values here on every machine, and the distribution PyTorch's function
    /// samples, but not the numbers torch.manual_seed would give.</summary>
    public abstract class TorchRandomInitializer : RandomInitializer
    {
        /// <summary>Stores the seed, or draws one when it is null.</summary>
        /// <param name="seed">Integer seed; the same seed gives the same values on every call, thread count, build and
        /// SIMD tier. Null (the default) draws a fresh seed from the operating system when the initializer is built,
        /// readable afterwards as <see cref="RandomInitializer.EffectiveSeed"/>.</param>
        protected TorchRandomInitializer(long? seed)
            : base(seed)
        {
        }

        /// <summary>The distribution for a checked shape.</summary>
        internal abstract TorchDraw DrawFor(long[] shape);

        /// <summary>The shape checks of the PyTorch function (rank, fans), before anything is allocated.</summary>
        internal virtual void CheckShape(long[] shape)
        {
        }

        /// <inheritdoc/>
        protected override void CheckCall(int[] shape, DType dtype) => CheckElements(shape.Select(d => (long)d).ToArray(), dtype);

        internal override void CheckElements(long[] shape, DType dtype)
        {
            RequireFloating(dtype);
            CheckShape(shape);
        }

        internal override TensorElements.RangeFiller CreateFiller(long[] shape, DType dtype) => DrawFor(shape).Filler(dtype, EffectiveSeed);

        /// <inheritdoc/>
        protected override Tensor Generate(int[] shape, DType dtype) => Sampling.Sample(shape, dtype, CreateFiller(shape.Select(d => (long)d).ToArray(), dtype));

        /// <summary>True when some dimension is 0 (PyTorch's kaiming_* and orthogonal_ do nothing then).</summary>
        internal static bool IsEmpty(long[] shape) => shape.Any(d => d == 0);
    }
}
