using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace Initializers.Torch
{
    /// <summary>One weight, two layouts: builds an initializer's tensor in either layout while its fans follow the
    /// initializer's own framework. A Keras initializer asked for PyTorch's layout builds its Keras-layout tensor and
    /// permutes it, so the values are bit for bit the permutation of the Keras-layout ones (and the other way round
    /// for a PyTorch initializer).</summary>
    public static class TorchLayout
    {
        /// <summary>The layout whose fan rule <paramref name="initializer"/> follows: <see cref="WeightLayout.Torch"/>
        /// for the classes of Initializers.Torch, <see cref="WeightLayout.Keras"/> for every other.</summary>
        /// <param name="initializer">Any initializer.</param>
        public static WeightLayout NativeLayout(Initializer initializer) =>
            (initializer ?? throw new ArgumentNullException(nameof(initializer))).GetType().Namespace == typeof(TorchLayout).Namespace ? WeightLayout.Torch : WeightLayout.Keras;

        /// <summary>The shape of the same weight in the other layout: Keras (k…, in, out) is PyTorch (out, in, k…);
        /// (in, out) is (out, in); rank 0 and 1 are unchanged.</summary>
        /// <param name="shape">The shape in <paramref name="from"/>.</param>
        /// <param name="from">The layout of <paramref name="shape"/>.</param>
        /// <param name="to">The layout wanted.</param>
        public static int[] ConvertShape(IReadOnlyList<int> shape, WeightLayout from, WeightLayout to)
        {
            var s = shape.ToArray();
            var r = s.Length;
            if (from == to || r < 2)
            {
                return s;
            }

            return from == WeightLayout.Keras
                ? new[] { s[r - 1], s[r - 2] }.Concat(s.Take(r - 2)).ToArray()
                : s.Skip(2).Concat(new[] { s[1], s[0] }).ToArray();
        }

        /// <summary>The tensor rearranged from one layout into the other: element [o, i, k…] of the PyTorch-layout
        /// tensor is element [k…, i, o] of the Keras-layout one. The result carries no provenance (the provenance
        /// record has no layout).</summary>
        /// <param name="tensor">A weight in <paramref name="from"/>.</param>
        /// <param name="from">The layout of <paramref name="tensor"/>.</param>
        /// <param name="to">The layout wanted; the same as <paramref name="from"/> returns <paramref name="tensor"/>.</param>
        public static Tensor Permute(Tensor tensor, WeightLayout from, WeightLayout to)
        {
            var shape = (tensor ?? throw new ArgumentNullException(nameof(tensor))).Shape.ToArray();
            var r = shape.Length;
            if (from == to || r < 2)
            {
                return tensor;
            }

            // Both directions reverse three axes (A, B, C) -> (C, B, A): Keras (K, in, out), PyTorch (out, in, K), with
            // K the product of the kernel dimensions.
            long kernel = 1;
            for (var i = 0; i < r - 2; i++)
            {
                kernel *= from == WeightLayout.Keras ? shape[i] : shape[i + 2];
            }

            var a = from == WeightLayout.Keras ? kernel : shape[0];
            var b = from == WeightLayout.Keras ? shape[r - 2] : shape[1];
            var c = from == WeightLayout.Keras ? shape[r - 1] : kernel;
            var result = Tensor.Allocate(ConvertShape(shape, from, to), tensor.DType, uninitialized: true);
            var source = tensor.Data;
            var destination = result.Data;
            for (long x = 0; x < a; x++)
            {
                for (long y = 0; y < b; y++)
                {
                    for (long z = 0; z < c; z++)
                    {
                        Array.Copy(source, (((x * b) + y) * c) + z, destination, (((z * b) + y) * a) + x, 1);
                    }
                }
            }

            return result;
        }

        /// <summary>The tensor of <paramref name="initializer"/> for a weight of <paramref name="shape"/> given in
        /// <paramref name="layout"/>, in that layout: the initializer is called with the shape in its own layout
        /// (<see cref="NativeLayout"/>), so its fans are its framework's, and the result is permuted into
        /// <paramref name="layout"/> when that differs.</summary>
        /// <param name="initializer">Any initializer.</param>
        /// <param name="shape">The weight's shape in <paramref name="layout"/>.</param>
        /// <param name="dtype">The element type.</param>
        /// <param name="layout">The layout of <paramref name="shape"/> and of the result.</param>
        /// <param name="cancellationToken">Stops the fill when cancelled.</param>
        public static Tensor Call(Initializer initializer, IReadOnlyList<int> shape, DType dtype, WeightLayout layout, CancellationToken cancellationToken = default)
        {
            var native = NativeLayout(initializer);
            var tensor = initializer.Call(ConvertShape(shape, layout, native), dtype, cancellationToken);
            return Permute(tensor, native, layout);
        }
    }
}
