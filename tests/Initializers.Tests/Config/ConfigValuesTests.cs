using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Numerics;
using Initializers.Config;
using Initializers.Family;
using Xunit;

namespace Initializers.Tests.Config
{
    /// <summary>Python's repr of config values (what Keras's messages show) and the structural equality of configs.</summary>
    public class ConfigValuesTests
    {
        [Fact]
        public void ValuesAreFormattedAsPythonReprWritesThem()
        {
            Assert.Equal("None", KerasConfig.FormatValue(null));
            Assert.Equal("'fan_in'", KerasConfig.FormatValue("fan_in"));
            Assert.Equal("True", KerasConfig.FormatValue(true));
            Assert.Equal("False", KerasConfig.FormatValue(false));
            Assert.Equal("0.05", KerasConfig.FormatValue(0.05));
            Assert.Equal("2.0", KerasConfig.FormatValue(2.0));
            Assert.Equal("0.1", KerasConfig.FormatValue(0.1f));
            Assert.Equal("-3", KerasConfig.FormatValue(-3));
            Assert.Equal("18446744073709551615", KerasConfig.FormatValue(ulong.MaxValue));
            Assert.Equal("[1, 'a', None, [2.5]]", KerasConfig.FormatValue(new object?[] { 1, "a", null, new[] { 2.5 } }));
            Assert.Equal("{'seed': 1, 'mode': 'fan_in'}", KerasConfig.FormatValue(new OrderedDictionary { ["seed"] = 1, ["mode"] = "fan_in" }));
            Assert.Equal("[]", KerasConfig.FormatValue(new List<object>()));
            Assert.Equal("{}", KerasConfig.FormatValue(new OrderedDictionary()));
        }

        [Fact]
        public void NumbersEqualByValueAcrossTypes()
        {
            Assert.True(ConfigValues.DeepEquals(1, 1.0));
            Assert.True(ConfigValues.DeepEquals(2L, (BigInteger)2));
            Assert.True(ConfigValues.DeepEquals(ulong.MaxValue, BigInteger.Parse("18446744073709551615", System.Globalization.CultureInfo.InvariantCulture)));
            Assert.False(ConfigValues.DeepEquals(long.MaxValue, BigInteger.Parse("9223372036854775808", System.Globalization.CultureInfo.InvariantCulture)));
            // 2^53 + 1 and 2^53 are the same double but different integers.
            Assert.False(ConfigValues.DeepEquals(9007199254740993L, 9007199254740992L));
            Assert.False(ConfigValues.DeepEquals(1, 1.5));
            Assert.True(ConfigValues.DeepEquals(double.NaN, double.NaN));
            Assert.False(ConfigValues.DeepEquals(1, "1"));
            Assert.False(ConfigValues.DeepEquals(true, 1));
        }

        [Fact]
        public void NullEqualsOnlyNull()
        {
            Assert.True(ConfigValues.DeepEquals(null, null));
            Assert.False(ConfigValues.DeepEquals(null, 0));
            Assert.False(ConfigValues.DeepEquals(0, null));
            Assert.False(ConfigValues.DeepEquals("None", null));
        }

        [Fact]
        public void StringsCompareOrdinally()
        {
            Assert.True(ConfigValues.DeepEquals("fan_in", "fan_in"));
            Assert.False(ConfigValues.DeepEquals("fan_in", "FAN_IN"));
        }

        [Fact]
        public void DictionariesCompareByKeyInAnyOrder()
        {
            var a = new OrderedDictionary { ["seed"] = 1, ["mode"] = "fan_in" };
            Assert.True(ConfigValues.DeepEquals(a, new Hashtable { ["mode"] = "fan_in", ["seed"] = 1.0 }));
            Assert.False(ConfigValues.DeepEquals(a, new OrderedDictionary { ["seed"] = 1 }));
            Assert.False(ConfigValues.DeepEquals(new OrderedDictionary { ["seed"] = 1 }, a));
            Assert.False(ConfigValues.DeepEquals(a, new OrderedDictionary { ["seed"] = 1, ["mode"] = "fan_out" }));
            Assert.False(ConfigValues.DeepEquals(a, new OrderedDictionary { ["seed"] = 1, ["scale"] = "fan_in" }));
        }

        [Fact]
        public void ListsCompareElementWise()
        {
            Assert.True(ConfigValues.DeepEquals(new object[] { 1, "a" }, new List<object> { 1.0, "a" }));
            Assert.False(ConfigValues.DeepEquals(new object[] { 1, "a" }, new object[] { "a", 1 }));
            Assert.False(ConfigValues.DeepEquals(new object[] { 1 }, new object[] { 1, 1 }));
            Assert.False(ConfigValues.DeepEquals(new object[] { 1, 1 }, new object[] { 1 }));
            Assert.False(ConfigValues.DeepEquals(new object[] { 'a' }, "a"));
        }

        [Fact]
        public void InitializersEqualWhenTheirConfigsDo()
        {
            Assert.Equal(new Constant(2), new Constant(2.0));
            Assert.NotEqual(new Constant(2), new Constant(2.5));
            Assert.NotEqual(new Constant(new object[] { 1, 2 }), new Constant(new object[] { 1, 3 }));
            Assert.NotEqual(new Constant(new object[] { 1, 2 }), new Constant(new object[] { 0, 2 }));
            Assert.NotEqual<Initializer>(new Zeros(), new Ones());
            Assert.Equal(new VarianceScaling(2.0, "fan_in", "truncated_normal", 3), new VarianceScaling(2.0, "fan_in", "normal", 3));
            Assert.NotEqual(new VarianceScaling(seed: 3), new VarianceScaling(seed: 4));
        }
    }
}
