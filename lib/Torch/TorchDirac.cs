using System;
using System.Collections.Generic;

namespace Initializers.Torch
{
    /// <summary>PyTorch's <c>torch.nn.init.dirac_(tensor, groups=1)</c>: the Dirac delta of a convolution kernel in
    /// PyTorch's layout (out, in, k…), which keeps the identity of the inputs: with out/groups channels per group, for
    /// each group g and d &lt; min(out/groups, in), element [g·(out/groups) + d, d, k₁//2, …] is 1, the rest 0. Rank 3, 4
    /// or 5; every dtype but string.</summary>
    [KerasInitializer(
        "PyTorch dirac_: the identity convolution kernel in (out, in, k…) layout, per group; rank 3 to 5.",
        "1 at [g·out/groups + d, d, centre…], 0 elsewhere",
        DTypeSet.NumericOrBool,
        Aliases = new[] { "dirac_" })]
    public sealed class TorchDirac : Initializer
    {
        /// <summary>A Dirac initializer.</summary>
        /// <param name="groups">The number of groups of the convolution, a whole number &gt;= 1 (default 1) that divides
        /// size(0).</param>
        public TorchDirac([ConfigKey("Number of groups of the convolution.")] int groups = 1)
        {
            if (groups < 1)
            {
                throw new InitializerException(
                    "InvalidConfigValue",
                    ErrorKind.InvalidArgument,
                    $"TorchDirac argument 'groups' must be a whole number >= 1; got {groups}.",
                    groups).AtKey("groups");
            }

            Groups = groups;
        }

        /// <inheritdoc/>
        public override string ClassName => "TorchDirac";

        /// <summary>The number of groups (the config's <c>groups</c>).</summary>
        public int Groups { get; }

        /// <inheritdoc/>
        protected override IEnumerable<KeyValuePair<string, object?>> ConfigEntries()
        {
            yield return Arg("groups", (long)Groups);
        }

        /// <inheritdoc/>
        protected override void CheckCall(int[] shape, DType dtype)
        {
            if (shape.Length < 3 || shape.Length > 5)
            {
                throw new InitializerException(
                    "InvalidRank",
                    ErrorKind.InvalidArgument,
                    $"Only tensors with 3, 4, or 5 dimensions are supported. Received: shape={TensorShape.Format(shape)} of rank {shape.Length}.",
                    shape);
            }

            if (shape[0] % Groups != 0)
            {
                throw new InitializerException(
                    "InvalidShape",
                    ErrorKind.InvalidArgument,
                    $"dim 0 must be divisible by groups: shape={TensorShape.Format(shape)}, groups={Groups}.",
                    shape);
            }

            // PyTorch indexes [.., size // 2, ..] on every spatial axis for each of the min(out/groups, in) ones: an empty
            // spatial axis is then an IndexError (with no one to set, as for out or in of 0, it is a zero tensor).
            if (Math.Min(shape[0] / Groups, shape[1]) > 0 && Array.FindIndex(shape, 2, d => d == 0) is var axis and >= 2)
            {
                throw new InitializerException(
                    "InvalidShape",
                    ErrorKind.InvalidArgument,
                    $"index 0 is out of bounds for dimension {axis} with size 0: dirac_ sets the centre of every spatial axis, and shape={TensorShape.Format(shape)} has none on axis {axis}.",
                    shape);
            }

            RequireNumericOrBool(dtype);
        }

        /// <inheritdoc/>
        protected override Tensor Generate(int[] shape, DType dtype)
        {
            var tensor = Tensor.Allocate(shape, dtype, uninitialized: false);
            var perGroup = shape[0] / Groups;
            var minDim = Math.Min(perGroup, shape[1]);
            // Row-major strides; the centre of every spatial axis is size // 2.
            var strides = new long[shape.Length];
            strides[shape.Length - 1] = 1;
            for (var i = shape.Length - 2; i >= 0; i--)
            {
                strides[i] = strides[i + 1] * shape[i + 1];
            }

            long centre = 0;
            for (var i = 2; i < shape.Length; i++)
            {
                if (shape[i] == 0)
                {
                    return tensor;
                }

                centre += (shape[i] / 2) * strides[i];
            }

            for (var g = 0; g < Groups; g++)
            {
                for (var d = 0; d < minDim; d++)
                {
                    TorchEye.SetOne(tensor, (((long)(g * perGroup) + d) * strides[0]) + (d * strides[1]) + centre, ClassName);
                }
            }

            return tensor;
        }
    }
}
