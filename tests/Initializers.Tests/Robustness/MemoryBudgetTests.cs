using Xunit;

namespace Initializers.Tests.Robustness
{
    /// <summary>Issue 15: a request for more memory than the process can get is InsufficientMemory before anything is
    /// allocated. (The end-to-end check under DOTNET_GCHeapHardLimit is tests/Pester/Robustness.Tests.ps1.)</summary>
    public sealed class MemoryBudgetTests
    {
#if LIB_NETSTANDARD
        [Fact]
        public void TheNetStandardBuildHasNoFigureAndChecksNothing()
        {
            // netstandard2.0 has no GC.GetGCMemoryInfo: the check passes, and an allocation that fails is turned into
            // the same error where it happens (Tensor.Allocate, the module's cmdlets).
            MemoryBudget.Check(1L << 60, "A request");
            Assert.Equal(long.MaxValue, MemoryBudget.Available(collect: false));
        }
#else
        [Fact]
        public void ARequestBeyondWhatTheProcessCanGetIsInsufficientMemoryNamingBothSizes()
        {
            // 2^60 bytes (an exbibyte): no machine running this has it.
            var ex = Assert.Throws<InitializerException>(() => MemoryBudget.Check(1L << 60, "A float64 tensor of shape (2, 3)"));
            Assert.Equal("InsufficientMemory", ex.ErrorId);
            Assert.Equal(ErrorKind.ResourceUnavailable, ex.Kind);
            Assert.Equal(1L << 60, ex.Target);
            Assert.Contains("A float64 tensor of shape (2, 3) needs 1,152,921,504,606,846,976 bytes", ex.Message);
            Assert.Matches("can get only [0-9,]+ bytes more", ex.Message);
        }

        [Fact]
        public void TheRoomIsBelowTheGcLimit()
        {
            var available = MemoryBudget.Available(collect: false);
            Assert.InRange(available, 1, System.GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        }

        [Fact]
        public void OrthogonalChecksItsWorkMatricesBeforeAllocatingThem()
        {
            // 46341 x 46341 float64: 17 GB of work matrix plus 17 GB of result, past what this machine can get; the old
            // code started allocating and filling (or threw a raw OutOfMemoryException).
            var orthogonal = InitializerCatalog.Create("Orthogonal", null, 1);
            var ex = Assert.Throws<InitializerException>(() => orthogonal.Call(new[] { 46340, 46340 }, DType.Float64));
            Assert.Equal("InsufficientMemory", ex.ErrorId);
            Assert.StartsWith("Orthogonal of shape (46340, 46340) (46340 x 46340 float64 work matrices and the float64 result) needs ", ex.Message);

            // What it needs, by hand: the 46340 x 46340 float64 Gaussian, the 46340 x 46340 float64 Gram matrix of the
            // orthonormalisation, and the float64 result, 8 bytes each.
            Assert.Equal(3L * 46340 * 46340 * 8, ex.Target);
        }
#endif

        [Fact]
        public void SmallRequestsPass()
        {
            MemoryBudget.Check(1 << 20, "A small tensor");
            Assert.Equal(6, Tensor.Zeros(new[] { 2, 3 }, DType.Float64).Count);
        }
    }
}
