#if WITH_LIBTORCH
using Xunit;

namespace Initializers.TorchSharp.Tests
{
    /// <summary>With libtorch referenced (<c>-p:WithLibTorch=true</c>, which <c>build.ps1 Test -WithLibTorch</c> and
    /// <c>-Full</c> pass), libtorch must load: otherwise every test that needs it would skip and the run would stay green
    /// without having tested the package against torch at all.</summary>
    public class LibTorchLoadTests
    {
        [Fact]
        public void LibTorchLoadsWhenItIsReferenced()
        {
            Assert.Null(TorchAvailability.Reason);
        }
    }
}
#endif
