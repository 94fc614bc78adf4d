using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Xunit;

namespace Initializers.TorchSharp.Tests
{
    /// <summary>The test fixture that marks one version requirement weak (<see cref="ElfVersionNeed"/>), checked against
    /// binutils' readelf on a copy of the running .NET runtime's libcoreclr.so (an ELF64 library that every Linux .NET
    /// has); skipped where that is not available.</summary>
    public sealed class ElfVersionNeedTests
    {
        [SkippableFact]
        public void OnlyTheNamedRequirementsWeakBitChanges()
        {
            Skip.IfNot(OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64, "ELF64 x64 only");
            Skip.IfNot(File.Exists("/usr/bin/readelf"), "needs binutils' /usr/bin/readelf (apt-get install -y binutils)");
            var directory = Directory.CreateTempSubdirectory("elf-weak-");
            try
            {
                var copy = Path.Combine(directory.FullName, "libcoreclr.so");
                File.Copy(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "libcoreclr.so"), copy);
                var before = ReadElf(copy);

                // readelf's own view: the version-needs section's file offset, and an entry whose name occurs once.
                var sectionOffset = int.Parse(Regex.Match(before, @"Version needs section[^\n]*\n\s*Addr: \S+\s+Offset: 0x([0-9a-f]+)").Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                var entries = Regex.Matches(before, @"0x([0-9a-f]+):\s+Name: (\S+)\s+Flags: (\S+)").Select(m => (Offset: m.Groups[1].Value, Name: m.Groups[2].Value, Flags: m.Groups[3].Value)).ToList();
                var target = entries.Last(e => entries.Count(o => o.Name == e.Name) == 1 && e.Flags == "none");
                var flagsOffset = sectionOffset + int.Parse(target.Offset, NumberStyles.HexNumber, CultureInfo.InvariantCulture) + 4;

                var original = File.ReadAllBytes(copy);
                Assert.Equal(ElfVersionNeed.Outcome.Patched, ElfVersionNeed.MakeWeak(copy, target.Name));
                var patched = File.ReadAllBytes(copy);
                Assert.Equal(original.Length, patched.Length);
                var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
                Assert.Equal(new[] { flagsOffset }, changed);
                Assert.Equal(ElfVersionNeed.WeakFlag, patched[flagsOffset] ^ original[flagsOffset]);

                // readelf agrees: that entry is now WEAK, and no other line of its version view changed.
                var after = ReadElf(copy);
                Assert.Contains($"Name: {target.Name}  Flags: WEAK", after);
                var diff = before.Split('\n').Zip(after.Split('\n')).Where(p => p.First != p.Second).ToList();
                Assert.Single(diff);

                Assert.Equal(ElfVersionNeed.Outcome.AlreadyWeak, ElfVersionNeed.MakeWeak(copy, target.Name));
                Assert.Equal(ElfVersionNeed.Outcome.NotNeeded, ElfVersionNeed.MakeWeak(copy, "GLIBCXX_99.0"));
                Assert.Equal(patched, File.ReadAllBytes(copy));
                Assert.Empty(directory.GetFiles("*.tmp"));
            }
            finally
            {
                directory.Delete(recursive: true);
            }
        }

        [Fact]
        public void FilesThatAreNotElf64LittleEndianAreLeftAlone()
        {
            var path = Path.GetTempFileName();
            try
            {
                var text = new byte[100];
                text[0] = (byte)'#';
                File.WriteAllBytes(path, text);
                Assert.Equal(ElfVersionNeed.Outcome.NotApplicable, ElfVersionNeed.MakeWeak(path, "GLIBCXX_3.4.32"));
                var elf32 = new byte[100];
                new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F', 1, 1 }.CopyTo(elf32, 0);
                File.WriteAllBytes(path, elf32);
                Assert.Equal(ElfVersionNeed.Outcome.NotApplicable, ElfVersionNeed.MakeWeak(path, "GLIBCXX_3.4.32"));
                Assert.Equal(elf32, File.ReadAllBytes(path));
            }
            finally
            {
                File.Delete(path);
            }
        }

        private static string ReadElf(string path)
        {
            using var process = Process.Start(new ProcessStartInfo("/usr/bin/readelf", new[] { "-V", "-W", path })
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            })!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
            return output;
        }
    }
}
