using System.Collections.Generic;
using System.Linq;

namespace Initializers.Family
{
    /// <summary><c>tf.keras.initializers.Ones</c>: every element 1 (true for bool). String is refused, as in TF.</summary>
    [KerasInitializer("Fills with ones (true for bool).", "1", DTypeSet.NumericOrBool, Aliases = new[] { "one", "ones_initializer", "ones_" })]
    public sealed class Ones : Initializer
    {
        /// <inheritdoc/>
        public override string ClassName => "Ones";

        /// <inheritdoc/>
        protected override IEnumerable<KeyValuePair<string, object?>> ConfigEntries() => Enumerable.Empty<KeyValuePair<string, object?>>();

        /// <inheritdoc/>
        protected override void CheckCall(int[] shape, DType dtype) => RequireNumericOrBool(dtype);

        internal override void CheckElements(long[] shape, DType dtype) => RequireNumericOrBool(dtype);

        internal override TensorElements.RangeFiller CreateFiller(long[] shape, DType dtype)
        {
            var one = Storage.ElementBytes(dtype, TensorFill.Cast(1, dtype, ClassName));
            return (start, destination) => Storage.Repeat(one, destination);
        }

        /// <inheritdoc/>
        protected override Tensor Generate(int[] shape, DType dtype) => TensorFill.Full(shape, dtype, TensorFill.Cast(1, dtype, ClassName));
    }
}
