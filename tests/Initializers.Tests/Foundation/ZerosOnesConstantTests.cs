using System;
using System.Collections.Specialized;
using System.Linq;
using Initializers.Family;
using Xunit;
using NComplex = System.Numerics.Complex;

namespace Initializers.Tests.Foundation
{
    public class ZerosOnesConstantTests
    {
        public static TheoryData<DType> AllDTypes()
        {
            var data = new TheoryData<DType>();
            foreach (var d in DTypes.All)
            {
                data.Add(d);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(AllDTypes))]
        public void ZerosWorksForEveryDType(DType dtype)
        {
            var t = new Zeros().Call(new[] { 2, 3 }, dtype);
            Assert.Equal(dtype, t.DType);
            Assert.Equal(6, t.Count);
            var expected = dtype switch
            {
                DType.Bool => false,
                DType.String => "",
                DType.Complex64 => NComplex.Zero, // widened from the stored Complex32
                DType.Complex128 => NComplex.Zero,
                DType.Float16 or DType.BFloat16 => 0f,
                _ => Convert.ChangeType(0, t.GetFlat(0).GetType()),
            };
            for (var i = 0; i < 6; i++)
            {
                Assert.Equal(expected, t.GetFlat(i));
            }
        }

        [Fact]
        public void ZerosDefaultsToFloat32AndHasAnEmptyConfig()
        {
            var z = new Zeros();
            Assert.Equal(DType.Float32, z.Call(new[] { 1 }).DType);
            Assert.Empty(z.GetConfig());
            Assert.Equal("Zeros", z.ClassName);
        }

        [Theory]
        [MemberData(nameof(AllDTypes))]
        public void OnesWorksForEveryNumericOrBoolDType(DType dtype)
        {
            if (dtype == DType.String)
            {
                var ex = Assert.Throws<InitializerException>(() => new Ones().Call(new[] { 2 }, dtype));
                Assert.Equal("Expected numeric or boolean dtype, got string.", ex.Message);
                Assert.Equal("UnsupportedDType", ex.ErrorId);
                Assert.Equal("string", ex.Target);
                return;
            }

            var t = new Ones().Call(new[] { 3 }, dtype);
            var expected = dtype switch
            {
                DType.Bool => true,
                DType.Complex64 => new NComplex(1, 0),
                DType.Complex128 => new NComplex(1, 0),
                DType.Float16 or DType.BFloat16 => 1f,
                _ => Convert.ChangeType(1, t.GetFlat(0).GetType()),
            };
            Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(expected, t.GetFlat(i)));
        }

        [Fact]
        public void ConstantScalarBroadcastsAndCastsToTheDType()
        {
            Assert.All((float[])new Constant(3).Call(new[] { 2, 2 }).ToArray(), v => Assert.Equal(3f, v));
            // numpy casts floats to ints by truncation toward zero.
            Assert.All((int[])new Constant(2.9).Call(new[] { 4 }, DType.Int32).ToArray(), v => Assert.Equal(2, v));
            Assert.All((int[])new Constant(-2.9).Call(new[] { 4 }, DType.Int32).ToArray(), v => Assert.Equal(-2, v));
            Assert.All((bool[])new Constant(5).Call(new[] { 2 }, DType.Bool).ToArray(), v => Assert.True(v));
            Assert.Equal(long.MaxValue, new Constant(long.MaxValue).Call(new[] { 1 }, DType.Int64)[0]);
        }

        [Fact]
        public void ConstantOneElementListBroadcastsLikeTf()
        {
            Assert.All((double[])new Constant(new object[] { 7 }).Call(new[] { 3 }, DType.Float64).ToArray(), v => Assert.Equal(7.0, v));
        }

        [Fact]
        public void ConstantListMustMatchTheElementCount()
        {
            var c = new Constant(Enumerable.Range(0, 8).Cast<object>().ToArray());
            var ex = Assert.Throws<InitializerException>(() => c.Call(new[] { 3, 4 }));
            Assert.Equal("ConstantSizeMismatch", ex.ErrorId);
            Assert.Equal("Constant value has 8 elements, shape is (3, 4) with 12 elements. Give a scalar, a one-element list, or exactly 12 values.", ex.Message);
        }

        [Fact]
        public void ConstantRejectsRaggedListsAndValuesThatDoNotFit()
        {
            var ragged = Assert.Throws<InitializerException>(() => new Constant(new object[] { new object[] { 1, 2 }, new object[] { 3 } }));
            Assert.Equal("InvalidConfigValue", ragged.ErrorId);
            Assert.Equal("Constant value [[1, 2], [3]] is a non-rectangular nested list; every row must have the same length.", ragged.Message);
            var ex = Assert.Throws<InitializerException>(() => new Constant(300).Call(new[] { 2 }, DType.Int8));
            Assert.Contains("does not fit dtype int8", ex.Message);
            Assert.Equal("InvalidConfigValue", Assert.Throws<InitializerException>(() => new Constant("abc").Call(new[] { 2 })).ErrorId);
        }

        [Fact]
        public void ConstantStringAndComplex()
        {
            Assert.Equal("abc", new Constant("abc").Call(new[] { 1 }, DType.String)[0]);
            Assert.Equal(new NComplex(2, 0), new Constant(2).Call(new[] { 1 }, DType.Complex128)[0]);
        }

        [Fact]
        public void ConstantConfigIsItsValueAndKerasNumpyValuesLoad()
        {
            Assert.Equal(new object[] { "value" }, new Constant(0.5).GetConfig().Keys.Cast<object>().ToArray());
            Assert.Equal(0.5, new Constant(0.5).GetConfig()["value"]);
            Assert.Equal(0.0, new Constant().GetConfig()["value"]); // Keras 3 default 0.0
            var numpy = new OrderedDictionary { ["class_name"] = "__numpy__", ["config"] = new OrderedDictionary { ["value"] = new object[] { 1.0, 2.0 }, ["dtype"] = "float32" } };
            Assert.Equal(new float[] { 1, 2 }, (float[])new Constant(numpy).Call(new[] { 2 }).ToArray());
        }

        [Fact]
        public void NothingIsAllocatedWhenTheCallIsRejected()
        {
            // The check runs before allocation: a huge bad call fails fast with the check's error, not OutOfMemory.
            var ex = Assert.Throws<InitializerException>(() => new Ones().Call(new[] { 1 << 30 }, DType.String));
            Assert.Equal("UnsupportedDType", ex.ErrorId);
        }

        [Fact]
        public void AListConstantStreamsItsValuesInOrder()
        {
            // Through Elements (the streaming writers' path) a list gives its own values, not its first one repeated.
            var elements = new Constant(new object[] { new object[] { 1, 2 }, new object[] { 3, 4 } }).Elements(new long[] { 2, 2 }, DType.Int32);
            var bytes = new byte[16];
            elements.FillBytes(0, bytes);
            Assert.Equal(new[] { 1, 2, 3, 4 }, Enumerable.Range(0, 4).Select(i => BitConverter.ToInt32(bytes, i * 4)));
        }

        [Fact]
        public void AListValueThatDoesNotFitTheDTypeIsRefusedBeforeAnyElementIsMade()
        {
            // Elements checks every value of a list when it is asked for, not when an element is first filled.
            var ex = Assert.Throws<InitializerException>(() => new Constant(new object[] { 1, 300 }).Elements(new long[] { 2 }, DType.Int8));
            Assert.Equal(("InvalidConfigValue", "Constant value 300 does not fit dtype int8."), (ex.ErrorId, ex.Message));
        }
    }
}
