using System.Collections.Generic;
using System.Linq;

namespace Initializers.Family
{
    /// <summary><c>tf.keras.initializers.Zeros</c> (TF 2.0 <c>zeros_initializer</c>): the seed of the family.
    /// Works for every dtype: 0, 0+0j, false, or "".</summary>
    [KerasInitializer("Fills with zeros (false for bool, \"\" for string).", "0", DTypeSet.All, Aliases = new[] { "zero", "zeros_initializer", "zeros_" })]
    public sealed class Zeros : Initializer
    {
        /// <inheritdoc/>
        public override string ClassName => "Zeros";

        /// <inheritdoc/>
        protected override IEnumerable<KeyValuePair<string, object?>> ConfigEntries() => Enumerable.Empty<KeyValuePair<string, object?>>();

        internal override void CheckElements(long[] shape, DType dtype)
        {
        }

        internal override TensorElements.RangeFiller CreateFiller(long[] shape, DType dtype) => (start, destination) => destination.Clear();

        /// <inheritdoc/>
        // A fresh array is already zero: nothing to write.
        protected override Tensor Generate(int[] shape, DType dtype) => Tensor.Allocate(shape, dtype, uninitialized: false);
    }
}
