using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Linq;
using System.Threading;
using Initializers.Config;

namespace Initializers
{
    /// <summary>The base of every initializer, after <c>tf.keras.initializers.Initializer</c>: <see cref="Call(IReadOnlyList{int}, DType)"/> builds a
    /// tensor, <see cref="GetConfig()"/> returns the constructor arguments, <see cref="FromConfig"/> rebuilds one.</summary>
    /// <remarks>Initializers are immutable (every argument, and the seed, is fixed when one is built) and thread-safe:
    /// one instance may be called from many threads or runspaces at once, and gives each the values it gives alone.</remarks>
    public abstract class Initializer : IEquatable<Initializer>
    {
        /// <summary>The Keras class name, for example <c>Zeros</c>.</summary>
        public abstract string ClassName { get; }

        /// <summary>Builds a tensor of <paramref name="shape"/> and <paramref name="dtype"/> (float32 by default),
        /// as Keras's <c>__call__(shape, dtype)</c>. The tensor carries its <see cref="Tensor.GetProvenance"/>: this
        /// initializer with its effective seed, the dtype and the shape.</summary>
        /// <param name="shape">The dimensions, outermost first (empty for a scalar); negative dimensions and more elements than
        /// a tensor can hold are refused before anything is allocated.</param>
        /// <param name="dtype">The element type (default float32); each initializer refuses the dtypes Keras refuses (the
        /// random ones take floating dtypes only, RandomUniform integers too).</param>
        public Tensor Call(IReadOnlyList<int> shape, DType dtype = DType.Float32)
        {
            var checkedShape = TensorShape.Check(shape);
            CheckCall(checkedShape, dtype);
            var tensor = Generate(checkedShape, dtype);
            tensor.Provenance = new TensorProvenance(this, dtype, checkedShape);
            return tensor;
        }

        /// <summary>The elements of the tensor <see cref="Call(IReadOnlyList{int}, DType)"/> would build for <paramref name="shape"/> and
        /// <paramref name="dtype"/>, produced on demand in any range (see <see cref="TensorElements"/>): the way to
        /// stream a tensor of any size into a file, or to fill a caller's buffer at an element offset. The checks of
        /// <see cref="Call(IReadOnlyList{int}, DType)"/> run here, before anything is produced.</summary>
        /// <param name="shape">The dimensions, outermost first (empty for a scalar); unlike <see cref="Call(IReadOnlyList{int}, DType)"/>'s, they
        /// and their product may exceed what one .NET array holds.</param>
        /// <param name="dtype">The element type (default float32); string, whose elements have no fixed size, is
        /// refused (UnsupportedDType); build string tensors with <see cref="Call(IReadOnlyList{int}, DType)"/>.</param>
        /// <exception cref="InitializerException">The errors of <see cref="Call(IReadOnlyList{int}, DType)"/>; TensorTooLarge from an initializer
        /// that needs its whole tensor in memory (Orthogonal) when the shape holds more than
        /// <see cref="TensorShape.MaxElements"/> elements.</exception>
        public TensorElements Elements(IReadOnlyList<long> shape, DType dtype = DType.Float32)
        {
            var checkedShape = TensorShape.Check(shape);
            if (dtype == DType.String)
            {
                throw new InitializerException(
                    "UnsupportedDType",
                    ErrorKind.InvalidArgument,
                    $"Elements are produced for fixed-size dtypes; string is not one. Build a string tensor whole with Call.",
                    dtype.Name());
            }

            CheckElements(checkedShape, dtype);
            return new TensorElements(this, checkedShape, dtype, CreateFiller(checkedShape, dtype));
        }

        /// <summary>Fills <paramref name="destination"/> with elements [<paramref name="start"/>, start + its length)
        /// of the tensor of <paramref name="shape"/> and <paramref name="dtype"/>: bit for bit the values
        /// <see cref="Call(IReadOnlyList{int}, DType)"/> puts at those flat row-major positions. Shorthand for <see cref="Elements"/> followed by
        /// <see cref="TensorElements.Fill{T}"/>; to fill many ranges of one tensor, keep the <see cref="TensorElements"/>.</summary>
        /// <typeparam name="T">The storage type of <paramref name="dtype"/> (float for float32, ushort for the bits of
        /// float16 and bfloat16, ...; see <see cref="TensorElements.Fill{T}"/>).</typeparam>
        /// <param name="shape">The dimensions, outermost first; they may exceed what one .NET array holds.</param>
        /// <param name="dtype">The element type; string is refused.</param>
        /// <param name="start">The flat position of the first element written.</param>
        /// <param name="destination">Receives the elements.</param>
        public void Fill<T>(IReadOnlyList<long> shape, DType dtype, long start, Span<T> destination)
            where T : unmanaged => Elements(shape, dtype).Fill(start, destination);

        /// <summary>As <see cref="Call(IReadOnlyList{int}, DType)"/>, stopping when <paramref name="cancellationToken"/>
        /// is cancelled: the fill checks it before every chunk (64K elements), so a cancelled call ends promptly with
        /// <see cref="OperationCanceledException"/> and returns no tensor. The values of a call that completes are those
        /// of the overload without a token.</summary>
        /// <param name="shape">The dimensions, as for <see cref="Call(IReadOnlyList{int}, DType)"/>.</param>
        /// <param name="dtype">The element type, as for <see cref="Call(IReadOnlyList{int}, DType)"/>.</param>
        /// <param name="cancellationToken">Stops the fill when cancelled.</param>
        public Tensor Call(IReadOnlyList<int> shape, DType dtype, CancellationToken cancellationToken)
        {
            using (Cancellation.Use(cancellationToken))
            {
                return Call(shape, dtype);
            }
        }

        /// <summary>The constructor arguments in Keras's key order for the Keras 3 style (seed first).</summary>
        public OrderedDictionary GetConfig() => GetConfig(KerasStyle.Keras3);

        /// <summary>The constructor arguments in the key order of <paramref name="style"/>: Keras 2 keeps the
        /// constructor order with <c>seed</c> last, Keras 3 puts <c>seed</c> first.</summary>
        /// <param name="style">Keras 3 (seed first) or Keras 2 (seed last) key order.</param>
        public OrderedDictionary GetConfig(KerasStyle style)
        {
            var args = ConfigEntries().ToList();
            var config = new OrderedDictionary(StringComparer.Ordinal);
            if (style == KerasStyle.Keras3)
            {
                foreach (var kv in args.Where(a => a.Key == "seed"))
                {
                    config.Add(kv.Key, kv.Value);
                }
            }

            foreach (var kv in args.Where(a => style == KerasStyle.Keras2 || a.Key != "seed"))
            {
                config.Add(kv.Key, kv.Value);
            }

            return config;
        }

        /// <summary>This initializer with the seed its values come from written into its config: for an unseeded random
        /// initializer, an equal one whose <c>seed</c> is the drawn seed (<see cref="Family.RandomInitializer.EffectiveSeed"/>),
        /// so that its exported config reproduces these values; any other initializer returns itself.</summary>
        public virtual Initializer WithEffectiveSeed() => this;

        /// <summary>Rebuilds an initializer from its class name (or any alias) and a config, with TF semantics:
        /// a <c>dtype</c> key is dropped; an unknown key is an error that names it and the allowed keys.</summary>
        /// <param name="className">A class name or alias (<c>RandomNormal</c>, <c>random_normal</c>, <c>normal</c>).</param>
        /// <param name="config">The constructor arguments by Keras key; null or empty for the defaults.</param>
        public static Initializer FromConfig(string className, IDictionary? config) => InitializerCatalog.Create(className, config);

        /// <summary>The Keras-like signature with the current values, for example
        /// <c>RandomNormal(mean=0.0, stddev=0.05, seed=None)</c>.</summary>
        public override string ToString()
        {
            var args = string.Join(", ", ConfigEntries().Select(kv => kv.Key + "=" + ConfigValues.Format(kv.Value)));
            return ClassName + "(" + args + ")";
        }

        /// <summary>Config equality: the same class and the same <see cref="GetConfig()"/> (numbers by value, so 1 equals
        /// 1.0). It is what a JSON or YAML round trip preserves. The seed an unseeded random initializer draws when it is
        /// built (<see cref="Family.RandomInitializer.EffectiveSeed"/>) is deliberately not compared: Keras's get_config
        /// reports it as seed None, so comparing it would make every unseeded initializer unequal to its own round trip.
        /// Two unseeded ones are therefore equal yet give different values; compare EffectiveSeed to tell them apart.</summary>
        /// <param name="other">The initializer to compare with; null is unequal.</param>
        public bool Equals(Initializer? other) =>
            other is not null && other.ClassName == ClassName && ConfigValues.DeepEquals(GetConfig(KerasStyle.Keras2), other.GetConfig(KerasStyle.Keras2));

        /// <summary>Config equality as <see cref="Equals(Initializer)"/>; false for null and non-initializers.</summary>
        /// <param name="obj">Any object.</param>
        public override bool Equals(object? obj) => obj is Initializer other && Equals(other);

        /// <summary>A hash of the class name only, consistent with <see cref="Equals(Initializer)"/> (whose numbers
        /// compare by value, so 1 and 1.0 must hash alike).</summary>
        public override int GetHashCode() => ClassName.GetHashCode();

        /// <summary>The constructor arguments in constructor order (seed last), with their current values.</summary>
        protected abstract IEnumerable<KeyValuePair<string, object?>> ConfigEntries();

        /// <summary>Checks the dtype and shape before anything is allocated (so nothing is half-written).</summary>
        /// <param name="shape">The checked dimensions (none negative, element count within the limit).</param>
        /// <param name="dtype">The requested element type.</param>
        protected virtual void CheckCall(int[] shape, DType dtype)
        {
        }

        /// <summary>The checks of <see cref="Call(IReadOnlyList{int}, DType)"/> without the call (for <see cref="Statistics.TensorStatistics.Expected"/>).</summary>
        internal void Check(int[] shape, DType dtype) => CheckCall(shape, dtype);
        /// <summary>The checks of <see cref="CheckCall"/> for a shape that may exceed one in-memory tensor. The default
        /// (for initializers that build the whole tensor to produce any part) refuses shapes beyond memory and runs
        /// <see cref="CheckCall"/>.</summary>
        internal virtual void CheckElements(long[] shape, DType dtype) => CheckCall(InMemoryShape(shape), dtype);

        /// <summary>Produces element ranges. The default builds the whole tensor once and copies slices of it.</summary>
        internal virtual TensorElements.RangeFiller CreateFiller(long[] shape, DType dtype)
        {
            var data = Generate(InMemoryShape(shape), dtype).Data;
            var size = dtype.ElementSize();
            return (start, destination) => Storage.Bytes(data, (int)start, destination.Length / size).CopyTo(destination);
        }

        /// <summary>Allocates and fills the tensor. Shape and dtype are already checked.</summary>
        /// <param name="shape">The checked dimensions.</param>
        /// <param name="dtype">The element type, already accepted by <see cref="CheckCall"/>.</param>
        protected abstract Tensor Generate(int[] shape, DType dtype);

        /// <summary>One entry of <see cref="ConfigEntries"/>: a snake_case config key and its current value.</summary>
        /// <param name="key">The Keras config key.</param>
        /// <param name="value">The value as <see cref="GetConfig()"/> should report it (null for an unseeded seed).</param>
        protected static KeyValuePair<string, object?> Arg(string key, object? value) => new(key, value);

        private int[] InMemoryShape(long[] shape)
        {
            var count = (decimal)1;
            foreach (var d in shape)
            {
                count *= d;
            }

            if (count > TensorShape.MaxElements || shape.Any(d => d > int.MaxValue))
            {
                throw new InitializerException(
                    "TensorTooLarge",
                    ErrorKind.LimitsExceeded,
                    $"{ClassName} builds its whole tensor in memory to produce any part of it, so it streams at most " +
                    $"{TensorShape.MaxElements.ToString("N0", CultureInfo.InvariantCulture)} elements (one .NET array); shape {TensorShape.Format(shape)} has " +
                    $"{count.ToString("N0", CultureInfo.InvariantCulture)}.",
                    shape);
            }

            return shape.Select(d => (int)d).ToArray();
        }

        /// <summary>Keras's error for the float-only initializers: "Expected floating point type, got int32."</summary>
        /// <param name="dtype">The requested element type; anything but float16, bfloat16, float32 and float64 is refused (UnsupportedDType).</param>
        protected void RequireFloating(DType dtype)
        {
            if (!dtype.IsFloating())
            {
                throw new InitializerException(
                    "UnsupportedDType",
                    ErrorKind.InvalidArgument,
                    $"Expected floating point type, got {dtype.Name()}. {ClassName} accepts {DTypes.List(DTypes.Floating)}.",
                    dtype.Name());
            }
        }

        /// <summary>Keras's error for Zeros/Ones: "Expected numeric or boolean dtype, got string."</summary>
        /// <param name="dtype">The requested element type; string is refused (UnsupportedDType).</param>
        protected static void RequireNumericOrBool(DType dtype)
        {
            if (!dtype.IsNumericOrBool())
            {
                throw new InitializerException(
                    "UnsupportedDType",
                    ErrorKind.InvalidArgument,
                    $"Expected numeric or boolean dtype, got {dtype.Name()}.",
                    dtype.Name());
            }
        }
    }
}
