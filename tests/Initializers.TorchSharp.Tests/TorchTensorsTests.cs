using System;
using System.Linq;
using Xunit;
using TorchSharp;

namespace Initializers.TorchSharp.Tests
{
    /// <summary>Tensor ↔ torch.Tensor: shape, dtype and bytes both ways, for every dtype both sides have.</summary>
    public sealed class TorchTensorsTests
    {
        public static TheoryData<DType> Mappable() => new()
        {
            DType.Float16, DType.BFloat16, DType.Float32, DType.Float64, DType.Int8, DType.Int16, DType.Int32, DType.Int64,
            DType.UInt8, DType.Bool, DType.Complex64, DType.Complex128,
        };

        [SkippableTheory]
        [MemberData(nameof(Mappable))]
        public void EveryCommonDTypeRoundTripsBitForBit(DType dtype)
        {
            Skip.If(TorchAvailability.Reason is not null, TorchAvailability.Reason);
            var tensor = Sample(dtype);
            using var t = tensor.ToTorch();
            Assert.Equal(new long[] { 2, 3 }, t.shape);
            Assert.Equal(TorchTensors.ToScalarType(dtype), t.dtype);
            var back = TorchTensors.FromTorch(t);
            Assert.Equal(dtype, back.DType);
            Assert.Equal(new[] { 2, 3 }, back.Shape);
            Assert.Equal(tensor.ToBytes(), back.ToBytes());
        }

        [SkippableFact]
        public void TorchSeesTheValuesAtTheirIndices()
        {
            Skip.If(TorchAvailability.Reason is not null, TorchAvailability.Reason);
            var tensor = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, new[] { 2, 3 });
            using var t = tensor.ToTorch();
            Assert.Equal(6f, t[1, 2].item<float>());
            Assert.Equal(2f, t[0, 1].item<float>());
            using var half = Tensor.FromArray(new[] { 0.1f, -65504f, float.PositiveInfinity }, new[] { 3 }, DType.Float16).ToTorch();
            using var widened = half.to_type(torch.ScalarType.Float32);
            Assert.Equal(new[] { 0.099975586f, -65504f, float.PositiveInfinity }, widened.data<float>().ToArray());
            using var bf = Tensor.FromArray(new[] { 1.00390625f, 3.0e38f }, new[] { 2 }, DType.BFloat16).ToTorch();
            using var bfWide = bf.to_type(torch.ScalarType.Float32);
            // Round to nearest even, by hand: 1.00390625f is 0x3F808000, a tie, to the even 0x3F80 (1.0); 3.0e38f is
            // 0x7F61B1E6, above the half, to 0x7F62 (0x7F620000 = 3.00405527e38f; truncation would give 2.99076e38f).
            Assert.Equal(new[] { 1.0f, BitConverter.Int32BitsToSingle(0x7F620000) }, bfWide.data<float>().ToArray());
        }

        [SkippableFact]
        public void FromTorchReadsNonContiguousAndTorchMadeTensorsInLogicalOrder()
        {
            Skip.If(TorchAvailability.Reason is not null, TorchAvailability.Reason);
            using var a = torch.arange(6, dtype: torch.ScalarType.Int64).reshape(2, 3);
            using var transposed = a.t();
            Assert.False(transposed.is_contiguous());
            var back = TorchTensors.FromTorch(transposed);
            Assert.Equal(new[] { 3, 2 }, back.Shape);
            Assert.Equal(new long[] { 0, 3, 1, 4, 2, 5 }, back.ToArray<long>());

            using var half = torch.tensor(new[] { 0.5f, -2f }).to_type(torch.ScalarType.Float16);
            var h = TorchTensors.FromTorch(half);
            Assert.Equal(DType.Float16, h.DType);
            Assert.Equal(new[] { 0.5f, -2f }, new[] { Convert.ToSingle(h.GetFlat(0)), Convert.ToSingle(h.GetFlat(1)) });

            using var scalar = torch.tensor(true);
            var s = TorchTensors.FromTorch(scalar);
            Assert.Empty(s.Shape);
            Assert.Equal(true, s.GetFlat(0));

            using var empty = torch.zeros(0, 4);
            Assert.Equal(new[] { 0, 4 }, TorchTensors.FromTorch(empty).Shape);
        }

        [SkippableFact]
        public void FromTorchReadsViewsFromTheirOffsetAndStrides()
        {
            Skip.If(TorchAvailability.Reason is not null, TorchAvailability.Reason);
            using var a = torch.arange(12, dtype: torch.ScalarType.Int32).reshape(3, 4);
            using var row = a[1];                        // contiguous, storage offset 4
            Assert.True(row.is_contiguous());
            Assert.Equal(new[] { 4, 5, 6, 7 }, TorchTensors.FromTorch(row).ToArray<int>());
            using var columns = a.narrow(1, 1, 2);       // strides (4, 1), offset 1
            Assert.Equal(new[] { 1, 2, 5, 6, 9, 10 }, TorchTensors.FromTorch(columns).ToArray<int>());
            using var stepped = a[torch.TensorIndex.Colon, torch.TensorIndex.Slice(0, 4, 2)]; // strides (4, 2)
            Assert.Equal(new[] { 0, 2, 4, 6, 8, 10 }, TorchTensors.FromTorch(stepped).ToArray<int>());
            using var one = torch.tensor(new[] { 3.5 });
            using var expanded = one.expand(2, 3);       // stride 0
            Assert.Equal(new[] { 2, 3 }, TorchTensors.FromTorch(expanded).Shape);
            Assert.All(TorchTensors.FromTorch(expanded).ToArray<double>(), v => Assert.Equal(3.5, v));
        }

        [SkippableFact]
        public void ScalarsAndEmptyTensorsGoToTorchAndNeitherSideSharesMemory()
        {
            Skip.If(TorchAvailability.Reason is not null, TorchAvailability.Reason);
            var scalar = Tensor.FromArray(new[] { -7L }, Array.Empty<int>());
            using var t = scalar.ToTorch();
            Assert.Empty(t.shape);
            Assert.Equal(-7L, t.item<long>());
            using var empty = Tensor.Zeros(new[] { 3, 0 }, DType.Float64).ToTorch();
            Assert.Equal(new long[] { 3, 0 }, empty.shape);

            var source = Tensor.FromArray(new[] { 1f, 2f }, new[] { 2 });
            using var copy = source.ToTorch();
            copy.fill_(9f);
            Assert.Equal(new[] { 1f, 2f }, source.ToArray<float>());
            var back = TorchTensors.FromTorch(copy);
            copy.fill_(4f);
            Assert.Equal(new[] { 9f, 9f }, back.ToArray<float>());
        }

        [Theory]
        [InlineData(DType.UInt16)]
        [InlineData(DType.UInt32)]
        [InlineData(DType.UInt64)]
        [InlineData(DType.String)]
        public void DTypesTorchLacksAreRefused(DType dtype)
        {
            var ex = Assert.Throws<InitializerException>(() => TorchTensors.ToScalarType(dtype));
            Assert.Equal("UnsupportedDType", ex.ErrorId);
            Assert.Contains(dtype.Name(), ex.Message);
        }

        [Fact]
        public void QuantizedTorchDTypesAreRefused()
        {
            var ex = Assert.Throws<InitializerException>(() => TorchTensors.ToDType(torch.ScalarType.QInt8));
            Assert.Equal("UnsupportedDType", ex.ErrorId);
            Assert.Contains("QInt8", ex.Message);
        }

        [Fact]
        public void TheCoreLibraryDoesNotReferenceTorchSharp()
        {
            var references = typeof(Initializer).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();
            Assert.DoesNotContain(references, n => n!.Contains("Torch", StringComparison.OrdinalIgnoreCase));
        }

        private static Tensor Sample(DType dtype)
        {
            var values = new object[] { 1.5, -2.0, 0.0, 3.25, 100.0, -0.125 };
            if (dtype == DType.Bool)
            {
                values = new object[] { true, false, true, true, false, false };
            }
            else if (dtype.IsInteger() && dtype is not (DType.Int8 or DType.Int16 or DType.Int32 or DType.Int64))
            {
                values = new object[] { 1, 2, 0, 3, 100, 255 };
            }
            else if (dtype.IsInteger())
            {
                values = new object[] { 1, -2, 0, 3, 100, -128 };
            }

            var tensor = Tensor.Zeros(new[] { 2, 3 }, dtype);
            for (var i = 0; i < values.Length; i++)
            {
                tensor.SetFlat(i, dtype is DType.Complex64 or DType.Complex128 ? new System.Numerics.Complex(Convert.ToDouble(values[i]), i) : values[i]);
            }

            return tensor;
        }
    }
}
