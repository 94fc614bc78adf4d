using System;
using System.Collections.Generic;
using System.Linq;
using Initializers.Config;
using Initializers.Family;

namespace Initializers.Torch
{
    /// <summary>PyTorch's <c>torch.nn.init.sparse_(tensor, sparsity, std=0.01)</c>: a 2-D tensor drawn from N(0, std²)
    /// in which each column has exactly ceil(sparsity·rows) zeros, at rows chosen uniformly at random per column.
    /// Floating dtypes. Values and the chosen rows come from this library's Philox streams, not PyTorch's generator.</summary>
    [KerasInitializer(
        "PyTorch sparse_: N(0, std²) with ceil(sparsity·rows) zeros in each column; rank exactly 2.",
        "N(0, std²), ceil(sparsity·rows) zeros per column",
        DTypeSet.Floating,
        Aliases = new[] { "sparse_", "sparse" })]
    public sealed class TorchSparse : RandomInitializer
    {
        /// <summary>A sparse initializer.</summary>
        /// <param name="sparsity">The fraction of each column set to zero, a finite number from 0 to 1; required, as in
        /// PyTorch.</param>
        /// <param name="std">The standard deviation of the non-zero values, a finite number &gt;= 0 (default 0.01).</param>
        /// <param name="seed">Integer seed; the same seed gives the same values on every call, thread count, build and
        /// SIMD tier. Null (the default) draws a fresh seed from the operating system when the initializer is built,
        /// readable afterwards as <see cref="RandomInitializer.EffectiveSeed"/>.</param>
        public TorchSparse(
            [ConfigKey("Fraction of each column set to zero (required).")] double sparsity,
            [ConfigKey("Standard deviation of the non-zero values.")] double std = 0.01,
            [ConfigKey("Integer seed; null draws a fresh seed when the initializer is built.")] long? seed = null)
            : base(seed)
        {
            Sparsity = ConfigArgs.CheckedNumber(ClassName, "sparsity", sparsity);
            Std = ConfigArgs.CheckedNumber(ClassName, "std", std);
            if (Sparsity < 0 || Sparsity > 1)
            {
                throw new InitializerException(
                    "InvalidConfigValue",
                    ErrorKind.InvalidArgument,
                    $"TorchSparse argument 'sparsity' must be from 0 to 1 (a fraction of each column); got {ConfigValues.Format(Sparsity)}.",
                    sparsity).AtKey("sparsity");
            }

            if (Std < 0)
            {
                throw new InitializerException(
                    "InvalidConfigValue",
                    ErrorKind.InvalidArgument,
                    $"normal expects std >= 0.0, but found std {ConfigValues.Format(Std)} (TorchSparse).",
                    std).AtKey("std");
            }
        }

        /// <inheritdoc/>
        public override string ClassName => "TorchSparse";

        /// <summary>The fraction of each column set to zero (the config's <c>sparsity</c>).</summary>
        public double Sparsity { get; }

        /// <summary>The standard deviation of the other values (the config's <c>std</c>).</summary>
        public double Std { get; }

        /// <summary>PyTorch's count of zeros in each column: ceil(sparsity·rows).</summary>
        /// <param name="rows">size(0) of the tensor.</param>
        public int ZerosPerColumn(int rows) => (int)Math.Ceiling(Sparsity * rows);

        /// <inheritdoc/>
        protected override IEnumerable<KeyValuePair<string, object?>> ConfigEntries()
        {
            yield return Arg("sparsity", Sparsity);
            yield return Arg("std", Std);
            yield return Arg("seed", Seed);
        }

        /// <inheritdoc/>
        protected override void CheckCall(int[] shape, DType dtype)
        {
            TorchEye.CheckMatrix(shape.Select(d => (long)d).ToArray());
            RequireFloating(dtype);
        }

        /// <inheritdoc/>
        protected override Tensor Generate(int[] shape, DType dtype)
        {
            var tensor = Sampling.Normal(shape, dtype, EffectiveSeed, 0, Std);
            Sampling.ZeroRowsPerColumn(tensor, EffectiveSeed, shape[0], shape[1], ZerosPerColumn(shape[0]));
            return tensor;
        }
    }
}
