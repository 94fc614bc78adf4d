using System.Collections.Generic;
using Initializers.Config;

namespace Initializers.Torch
{
    /// <summary>PyTorch's <c>torch.nn.init.constant_(tensor, val)</c>: every element <c>val</c>, cast to the dtype.
    /// Every dtype but string. (Keras's Constant also takes a list of values; constant_ takes one number.)</summary>
    [KerasInitializer("PyTorch constant_: every element val.", "val", DTypeSet.NumericOrBool, Aliases = new[] { "constant_" })]
    public sealed class TorchConstant : Initializer
    {
        /// <summary>An initializer that fills every element with <paramref name="val"/>.</summary>
        /// <param name="val">The value, a finite number; required, as in PyTorch. It is cast to the dtype when the tensor
        /// is built (a value that does not fit an integer dtype is refused then).</param>
        public TorchConstant([ConfigKey("The value of every element (required).")] double val)
        {
            Val = ConfigArgs.CheckedNumber(ClassName, "val", val);
        }

        /// <inheritdoc/>
        public override string ClassName => "TorchConstant";

        /// <summary>The value (the config's <c>val</c>).</summary>
        public double Val { get; }

        /// <inheritdoc/>
        protected override IEnumerable<KeyValuePair<string, object?>> ConfigEntries()
        {
            yield return Arg("val", Val);
        }

        /// <inheritdoc/>
        protected override void CheckCall(int[] shape, DType dtype)
        {
            RequireNumericOrBool(dtype);
            TensorFill.Cast(Val, dtype, ClassName);
        }

        internal override void CheckElements(long[] shape, DType dtype) => CheckCall(System.Array.Empty<int>(), dtype);

        internal override TensorElements.RangeFiller CreateFiller(long[] shape, DType dtype)
        {
            var element = Storage.ElementBytes(dtype, TensorFill.Cast(Val, dtype, ClassName));
            return (start, destination) => Storage.Repeat(element, destination);
        }

        /// <inheritdoc/>
        protected override Tensor Generate(int[] shape, DType dtype) => TensorFill.Full(shape, dtype, TensorFill.Cast(Val, dtype, ClassName));
    }
}
