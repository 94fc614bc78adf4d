using System;
using System.IO;
using System.Linq;
using Xunit;

namespace Initializers.Tests.Robustness
{
    /// <summary>Inputs that once broke a reader (found by the property tests, by the fuzzer or by hand), kept under
    /// Fixtures/fuzz/&lt;Reader&gt;/: each is read again under the properties of <see cref="ReaderPropertyTests"/>
    /// (only InitializerException, within the memory budget). A new finding is one file in that folder.</summary>
    public sealed class ReaderRegressionTests
    {
        private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "fuzz");

        public static TheoryData<string, string> Inputs()
        {
            var data = new TheoryData<string, string>();
            foreach (var folder in Directory.GetDirectories(Root).OrderBy(f => f, StringComparer.Ordinal))
            {
                foreach (var file in Directory.GetFiles(folder).OrderBy(f => f, StringComparer.Ordinal))
                {
                    data.Add(Path.GetFileName(folder), Path.GetFileName(file));
                }
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(Inputs))]
        public void AKeptInputFailsCleanlyWithinTheBudget(string reader, string file)
        {
            var bytes = File.ReadAllBytes(Path.Combine(Root, reader, file));
            Readers.Get(reader).ReadChecked(bytes);
        }

        [Fact]
        public void ZeroWidthStringsAreChargedOneByteEach()
        {
            // A 128-byte .npy header asking for 200 million U0 strings made a 1.6 GB tensor (2 billion: 16 GB and a
            // hang); numpy never writes U0. Now it is TensorTooLarge, while U0 elements the file can pay for still read.
            var bytes = File.ReadAllBytes(Path.Combine(Root, "Npy", "zero-width-strings-200M.npy"));
            var ex = Assert.Throws<InitializerException>(() => Readers.Get("Npy").Read(bytes));
            Assert.Equal("TensorTooLarge", ex.ErrorId);
            Assert.Contains("200000000 elements", ex.Message);

            var header = "{'descr': '<U0', 'fortran_order': False, 'shape': (3,), }";
            header = header.PadRight(64 - 10 - 1) + "\n";
            var small = new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)header.Length, 0 }
                .Concat(System.Text.Encoding.ASCII.GetBytes(header)).Concat(new byte[3]).ToArray();
            var tensor = (Tensor)Readers.Get("Npy").Read(small)!;
            Assert.Equal(new[] { "", "", "" }, tensor.ToArray<string>());
        }
    }
}
