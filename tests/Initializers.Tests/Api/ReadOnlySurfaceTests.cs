using System;
using System.Collections.Generic;
using Initializers.Family;
using Xunit;

namespace Initializers.Tests.Api
{
    /// <summary>Nothing a caller gets from the library changes the library's own state: the collections it hands out
    /// are read-only views or copies (issue 13: <c>((int[])t.Shape)[0] = 5</c> gave shape [5, 3] with Count 6, and
    /// <c>((string[])DTypes.Names)[2] = "x"</c> renamed float32).</summary>
    public class ReadOnlySurfaceTests
    {
        [Fact]
        public void ShapeCannotBeCastToItsStorageAndWritten()
        {
            var t = Tensor.Zeros(new[] { 2, 3 });
            Assert.Throws<InvalidCastException>(() => ((int[])t.Shape)[0] = 5);
            Assert.Throws<NotSupportedException>(() => ((IList<int>)t.Shape)[0] = 5);
            Assert.Equal(new[] { 2, 3 }, t.Shape);
            Assert.Equal(6, t.Count);
        }

        [Fact]
        public void DTypeListsCannotBeCastAndWritten()
        {
            Assert.Throws<InvalidCastException>(() => ((string[])DTypes.Names)[2] = "x");
            Assert.Throws<NotSupportedException>(() => ((IList<string>)DTypes.Names)[2] = "x");
            Assert.Throws<NotSupportedException>(() => ((IList<DType>)DTypes.All)[0] = DType.String);
            Assert.Throws<NotSupportedException>(() => ((IList<DType>)DTypes.Floating)[0] = DType.String);
            Assert.Equal("float32", DTypes.Names[2]);
            Assert.Equal("float32", DType.Float32.Name());
            Assert.Equal(DType.Float16, DTypes.Floating[0]);
        }

        [Fact]
        public void CatalogEntriesCannotBeWritten()
        {
            Assert.Throws<NotSupportedException>(() => ((IList<InitializerInfo>)InitializerCatalog.All).RemoveAt(0));
            var info = InitializerCatalog.Get("GlorotUniform");
            Assert.Throws<NotSupportedException>(() => ((IList<string>)info.Aliases)[0] = "Zeros");
            Assert.Throws<NotSupportedException>(() => ((IList<ConfigKey>)info.ConfigKeys).Clear());
            Assert.Throws<NotSupportedException>(() => ((IList<DType>)info.DTypes).Clear());
            Assert.Equal("Zeros", InitializerCatalog.All[0].ClassName);
            Assert.Equal("glorot_uniform", info.Aliases[0]);
        }

        [Fact]
        public void VarianceScalingKeepsItsOwnAxes()
        {
            var axes = new[] { 0 };
            var vs = new VarianceScaling(inputAxes: axes, outputAxes: new[] { 1 });
            axes[0] = 1;
            Assert.Equal(new[] { 0 }, vs.InputAxes);
            Assert.Throws<NotSupportedException>(() => ((IList<int>)vs.InputAxes!)[0] = 1);
            Assert.Equal(new[] { 0 }, vs.InputAxes);
        }

        [Fact]
        public void FlatPositionOutOfRangeIsInvalidIndex()
        {
            // It was a raw IndexOutOfRangeException from the storage array.
            var t = Tensor.Zeros(new[] { 2, 3 });
            foreach (var position in new long[] { -1, 6, long.MaxValue, long.MinValue })
            {
                var get = Assert.Throws<InitializerException>(() => t.GetFlat(position));
                Assert.Equal("InvalidIndex", get.ErrorId);
                Assert.Equal(ErrorKind.InvalidArgument, get.Kind);
                Assert.Equal(position, get.Target);
                Assert.Equal("InvalidIndex", Assert.Throws<InitializerException>(() => t.SetFlat(position, 1)).ErrorId);
            }

            t.SetFlat(5, 7);
            Assert.Equal(7f, t.GetFlat(5));
        }
    }
}
