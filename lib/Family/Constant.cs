using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Initializers.Config;

namespace Initializers.Family
{
    /// <summary><c>tf.keras.initializers.Constant(value=0)</c>. A scalar (or a one-element list) broadcasts; a nested
    /// list must have exactly as many elements as the shape, laid out in row-major order. The value is cast to the dtype.</summary>
    [KerasInitializer(
        "Fills with a constant: a scalar broadcasts, a list must have exactly as many elements as the shape.",
        "value",
        DTypeSet.All,
        Aliases = new[] { "constant_initializer" })]
    public sealed class Constant : Initializer
    {
        private readonly object[] flat;

        /// <summary>An initializer that fills every element with <paramref name="value"/>, or the elements in order
        /// with a list of values.</summary>
        /// <param name="value">A scalar (number, bool or string), or a nested list with exactly as many elements as the
        /// tensor (or one); default 0.0. Each value is cast to the dtype when the tensor is built; a count that is neither 1
        /// nor the tensor's element count, and a value that does not convert to the dtype (text for a number dtype),
        /// are refused before anything is allocated.</param>
        public Constant([ConfigKey("A scalar, or a nested list with as many elements as the tensor.", Default = 0.0)] object? value = null)
        {
            value ??= 0.0;
            value = Unwrap(value);
            flat = Flatten(value).ToArray();
            Value = value;
        }

        /// <inheritdoc/>
        public override string ClassName => "Constant";

        /// <summary>The value as given: a scalar or a nested list.</summary>
        public object Value { get; }

        /// <summary>How many values <see cref="Value"/> holds (1 for a scalar), for checks against a weight's size.</summary>
        internal int ValueCount => flat.Length;

        /// <inheritdoc/>
        protected override IEnumerable<KeyValuePair<string, object?>> ConfigEntries()
        {
            yield return Arg("value", Value);
        }

        /// <inheritdoc/>
        protected override void CheckCall(int[] shape, DType dtype)
        {
            var count = TensorShape.Count(shape);
            if (flat.Length != 1 && flat.Length != count)
            {
                throw new InitializerException(
                    "ConstantSizeMismatch",
                    ErrorKind.InvalidArgument,
                    $"Constant value has {flat.Length} elements, shape is {TensorShape.Format(shape)} with {count} elements. " +
                    $"Give a scalar, a one-element list, or exactly {count} values.",
                    Value);
            }

            // Cast every value now, so a bad one fails before anything is allocated.
            foreach (var v in flat)
            {
                TensorFill.Cast(v, dtype, ClassName);
            }
        }

        /// <inheritdoc/>
        protected override Tensor Generate(int[] shape, DType dtype)
        {
            if (flat.Length == 1)
            {
                return TensorFill.Full(shape, dtype, TensorFill.Cast(flat[0], dtype, ClassName));
            }

            var tensor = Tensor.Allocate(shape, dtype, uninitialized: true);
            for (var i = 0; i < flat.Length; i++)
            {
                tensor.Data.SetValue(TensorFill.Cast(flat[i], dtype, ClassName), i);
            }

            return tensor;
        }

        private static object Unwrap(object value)
        {
            // Keras 3 writes a numpy value as {"class_name": "__numpy__", "config": {"value": [...], "dtype": "float32"}}.
            if (value is IDictionary d && Equals(d["class_name"], "__numpy__") && d["config"] is IDictionary c && c.Contains("value"))
            {
                return c["value"] ?? 0.0;
            }

            return value;
        }

        private static IEnumerable<object> Flatten(object value)
        {
            switch (value)
            {
                case string:
                    return new[] { value };
                case IDictionary:
                    throw Invalid(value);
                case IEnumerable list:
                {
                    var items = list.Cast<object?>().ToList();
                    var nested = items.Select(i => i is IEnumerable and not string).Distinct().ToList();
                    if (nested.Count > 1)
                    {
                        throw Ragged(value);
                    }

                    if (nested.Count == 1 && nested[0])
                    {
                        var rows = items.Select(i => Flatten(i!).ToList()).ToList();
                        if (rows.Select(r => r.Count).Distinct().Count() > 1)
                        {
                            throw Ragged(value);
                        }

                        return rows.SelectMany(r => r);
                    }

                    return items.Select(i => i ?? throw Invalid(value));
                }

                default:
                    return ConfigValues.IsNumber(value) || value is bool || value is System.Numerics.Complex || value is MathNet.Numerics.Complex32
                        ? new[] { value }
                        : throw Invalid(value);
            }
        }

        private static InitializerException Invalid(object? value) => new(
            "InvalidConfigValue",
            ErrorKind.InvalidType,
            $"Invalid type for Constant value: {ConfigValues.Format(value)} ({value?.GetType().Name ?? "null"}). " +
            "Expected a scalar (number, bool or string) or a nested list of them.",
            value);

        private static InitializerException Ragged(object value) => new(
            "InvalidConfigValue",
            ErrorKind.InvalidArgument,
            $"Constant value {ConfigValues.Format(value)} is a non-rectangular nested list; every row must have the same length.",
            value);
    }
}
