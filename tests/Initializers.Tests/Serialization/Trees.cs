using System;
using System.Collections;
using System.Collections.Specialized;
using System.Globalization;
using System.Numerics;
using Xunit.Sdk;

namespace Initializers.Tests.Serialization
{
    /// <summary>Builds neutral trees in tests and compares them deeply.</summary>
    internal static class Trees
    {
        /// <summary>A mapping from alternating keys and values: Map("a", 1, "b", 2).</summary>
        public static OrderedDictionary Map(params object?[] keysAndValues)
        {
            var map = new OrderedDictionary();
            for (var i = 0; i < keysAndValues.Length; i += 2)
            {
                map.Add((string)keysAndValues[i]!, keysAndValues[i + 1]);
            }
            return map;
        }

        public static object?[] Seq(params object?[] items) => items;

        /// <summary>A tree <paramref name="levels"/> collections deep around the scalar 1: "maps" ({a: {a: ... 1}}),
        /// "sequences" ([[... 1]]) or "mixed" (the two in turn, a mapping outermost when the count is even).</summary>
        public static object Nested(string kind, int levels) => levels == 0 ? 1
            : kind == "maps" || (kind == "mixed" && levels % 2 == 0) ? Map("a", Nested(kind, levels - 1))
            : new object?[] { Nested(kind, levels - 1) };

        /// <summary>Asserts two trees are equal: same node types (int is not long), same key order, doubles equal
        /// bit for bit except that any NaN equals any NaN (so -0.0 differs from 0.0).</summary>
        public static void Equal(object? expected, object? actual) => Compare(expected, actual, "$");

        private static void Compare(object? expected, object? actual, string path)
        {
            if (expected == null || actual == null)
            {
                if (expected != actual)
                {
                    Fail(path, expected, actual);
                }
                return;
            }
            if (expected.GetType() != actual.GetType())
            {
                Fail(path, expected, actual);
            }
            switch (expected)
            {
                case OrderedDictionary map:
                    var other = (OrderedDictionary)actual;
                    if (map.Count != other.Count)
                    {
                        throw new XunitException($"At {path}: expected {map.Count} keys, got {other.Count}.");
                    }
                    var expectedKeys = new ArrayList(map.Keys);
                    var actualKeys = new ArrayList(other.Keys);
                    for (var i = 0; i < map.Count; i++)
                    {
                        if (!string.Equals((string)expectedKeys[i]!, (string)actualKeys[i]!, StringComparison.Ordinal))
                        {
                            throw new XunitException($"At {path}: key {i} should be '{expectedKeys[i]}', got '{actualKeys[i]}'.");
                        }
                        Compare(map[i], other[i], path + "." + expectedKeys[i]);
                    }
                    break;
                case object?[] items:
                    var otherItems = (object?[])actual;
                    if (items.Length != otherItems.Length)
                    {
                        throw new XunitException($"At {path}: expected {items.Length} items, got {otherItems.Length}.");
                    }
                    for (var i = 0; i < items.Length; i++)
                    {
                        Compare(items[i], otherItems[i], $"{path}[{i}]");
                    }
                    break;
                case double d:
                    var a = (double)actual;
                    var same = double.IsNaN(d) ? double.IsNaN(a) : BitConverter.DoubleToInt64Bits(d) == BitConverter.DoubleToInt64Bits(a);
                    if (!same)
                    {
                        Fail(path, expected, actual);
                    }
                    break;
                case string _:
                case bool _:
                case int _:
                case long _:
                case BigInteger _:
                    if (!expected.Equals(actual))
                    {
                        Fail(path, expected, actual);
                    }
                    break;
                default:
                    throw new XunitException($"At {path}: {expected.GetType()} is not a tree node type.");
            }
        }

        private static void Fail(string path, object? expected, object? actual) =>
            throw new XunitException($"At {path}: expected {Show(expected)}, got {Show(actual)}.");

        private static string Show(object? value) => value == null
            ? "null"
            : $"{Convert.ToString(value, CultureInfo.InvariantCulture)} ({value.GetType().Name})";
    }
}
