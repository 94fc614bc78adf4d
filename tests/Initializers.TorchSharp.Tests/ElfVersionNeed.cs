using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;

namespace Initializers.TorchSharp.Tests
{
    /// <summary>Test fixture: marks one symbol-version requirement of an ELF shared library weak (VER_FLG_WEAK), in a
    /// copy the test owns (the test output's bin/), never in the NuGet cache.</summary>
    /// <remarks>
    /// <para>Why: TorchSharp-cpu 0.107.0's <c>libLibTorchSharp.so</c> was linked against GCC 13's libstdc++ and lists
    /// <c>GLIBCXX_3.4.32</c> among the versions it needs from <c>libstdc++.so.6</c>. Debian 12 ships 3.4.30, so
    /// <c>dlopen</c> refuses the library. The only symbol bound to that version is
    /// <c>std::ios_base_library_init()</c>, a marker that GCC 13's &lt;iostream&gt; references without calling it:
    /// <c>readelf -rW</c> shows no relocation against it, so nothing ever resolves it.</para>
    /// <para>What: exactly one bit changes, <c>VER_FLG_WEAK</c> (0x2) in the <c>vna_flags</c> of the one
    /// <c>Elf64_Vernaux</c> entry whose name is the version. glibc's loader then reports a missing weak version instead
    /// of failing (dl-version.c); every other version requirement, symbol and byte stays as shipped. Nothing else of
    /// libtorch is touched; a machine whose libstdc++ has the version loads the library the same either way.</para>
    /// <para>Only ELF64 little-endian files are read; any other file is left alone.</para>
    /// </remarks>
    internal static class ElfVersionNeed
    {
        /// <summary>VER_FLG_WEAK in an Elf64_Vernaux's vna_flags.</summary>
        internal const ushort WeakFlag = 0x2;

        private const uint ShtGnuVerneed = 0x6ffffffe;

        /// <summary>What <see cref="MakeWeak"/> found.</summary>
        internal enum Outcome
        {
            /// <summary>The requirement was strong and is now weak (the file was rewritten).</summary>
            Patched,

            /// <summary>The requirement was already weak (the file is unchanged).</summary>
            AlreadyWeak,

            /// <summary>The file does not need that version (unchanged).</summary>
            NotNeeded,

            /// <summary>Not an ELF64 little-endian file, or it has no version-needs section (unchanged).</summary>
            NotApplicable,
        }

        /// <summary>Marks the requirement on <paramref name="version"/> weak in the file at <paramref name="path"/>
        /// (replaced through a temporary file in the same folder, so a reader never sees half a library).</summary>
        /// <param name="path">The shared library to patch in place: a copy the caller owns.</param>
        /// <param name="version">The version name, for example <c>GLIBCXX_3.4.32</c>.</param>
        internal static Outcome MakeWeak(string path, string version)
        {
            var bytes = File.ReadAllBytes(path);
            var offset = FindFlags(bytes, version, out var outcome);
            if (outcome != Outcome.Patched)
            {
                return outcome;
            }

            var flags = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset));
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(offset), (ushort)(flags | WeakFlag));
            var temporary = path + ".weak-" + Environment.ProcessId + ".tmp";
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: true);
            return Outcome.Patched;
        }

        /// <summary>The file offset of the vna_flags of the entry named <paramref name="version"/>, or -1; the outcome
        /// says whether it would be patched (<see cref="Outcome.Patched"/>) or why not.</summary>
        internal static int FindFlags(byte[] elf, string version, out Outcome outcome)
        {
            outcome = Outcome.NotApplicable;
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F' || elf[4] != 2 || elf[5] != 1)
            {
                return -1; // ELFCLASS64, ELFDATA2LSB only
            }

            var sectionTable = ToInt(ReadUInt64(elf, 0x28));
            int entrySize = ReadUInt16(elf, 0x3A);
            int sectionCount = ReadUInt16(elf, 0x3C);
            for (var i = 0; i < sectionCount; i++)
            {
                var section = sectionTable + (i * entrySize);
                if (ReadUInt32(elf, section + 4) != ShtGnuVerneed)
                {
                    continue;
                }

                var verneed = ToInt(ReadUInt64(elf, section + 0x18));
                var needCount = ReadUInt32(elf, section + 0x2C);
                var strings = ToInt(ReadUInt64(elf, sectionTable + (ToInt(ReadUInt32(elf, section + 0x28)) * entrySize) + 0x18));
                outcome = Outcome.NotNeeded;
                var need = verneed;
                for (var n = 0u; n < needCount; n++)
                {
                    var aux = need + ToInt(ReadUInt32(elf, need + 8));
                    int auxCount = ReadUInt16(elf, need + 2);
                    for (var k = 0; k < auxCount; k++)
                    {
                        if (Name(elf, strings + ToInt(ReadUInt32(elf, aux + 8))) == version)
                        {
                            var flags = aux + 4;
                            outcome = (ReadUInt16(elf, flags) & WeakFlag) != 0 ? Outcome.AlreadyWeak : Outcome.Patched;
                            return flags;
                        }

                        aux += ToInt(ReadUInt32(elf, aux + 12));
                    }

                    need += ToInt(ReadUInt32(elf, need + 12));
                }

                return -1;
            }

            return -1;
        }

        private static string Name(byte[] elf, int offset)
        {
            var end = Array.IndexOf(elf, (byte)0, offset);
            if (end < 0)
            {
                throw new InvalidDataException($"Unterminated string at offset {offset} of the ELF string table.");
            }

            return Encoding.ASCII.GetString(elf, offset, end - offset);
        }

        private static ushort ReadUInt16(byte[] elf, int offset) => BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(offset, 2));

        private static uint ReadUInt32(byte[] elf, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(offset, 4));

        private static ulong ReadUInt64(byte[] elf, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(offset, 8));

        private static int ToInt(ulong value) => value <= int.MaxValue
            ? (int)value
            : throw new InvalidDataException($"ELF offset {value} is beyond what this fixture reads.");
    }
}
