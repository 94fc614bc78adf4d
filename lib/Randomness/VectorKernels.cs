#if NET8_0_OR_GREATER
using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Initializers.Randomness
{
    /// <summary>
    /// AVX2 fills: eight Philox blocks per step. A partial block at either end goes through
    /// <see cref="ScalarKernels"/>, which gives the same bits, so the split point never shows in the output.
    /// </summary>
    internal static class VectorKernels
    {
        public static bool IsSupported => Avx2.IsSupported;

        /// <summary>Elements before the first whole block (head) and the elements covered by whole groups of eight blocks (body).</summary>
        internal static void Split(long offset, int length, int perBlock, out int head, out int body)
        {
            head = (int)Math.Min(length, (perBlock - offset % perBlock) % perBlock);
            var group = 8 * perBlock;
            body = (length - head) / group * group;
        }

        [MethodImpl(Hot.Loop)]
        public static void UniformFloat(Span<float> dst, ulong seed, uint stream, long offset, UniformFloatTransform transform)
        {
            Split(offset, dst.Length, 4, out var head, out var body);
            ScalarKernels.Fill(dst.Slice(0, head), seed, stream, 0, offset, transform);

            var min = Vector256.Create(transform.Min);
            var range = Vector256.Create(transform.Range);
            var maxBelow = Vector256.Create(transform.MaxBelow);
            ref var start = ref MemoryMarshal.GetReference(dst);
            var block = (ulong)(offset + head) / 4;
            if (body > 0)
            {
                // Software pipelined like NormalFloat.
                PhiloxAvx2.Blocks8(seed, stream, 0, block, out var x0, out var x1, out var x2, out var x3);
                for (var i = head; i < head + body; i += 32)
                {
                    block += 8;
                    var u0 = Uniform(x0, min, range, maxBelow);
                    var u1 = Uniform(x1, min, range, maxBelow);
                    var u2 = Uniform(x2, min, range, maxBelow);
                    var u3 = Uniform(x3, min, range, maxBelow);
                    PhiloxAvx2.Blocks8(seed, stream, 0, block, out x0, out x1, out x2, out x3);
                    Store4(ref start, i, u0, u1, u2, u3);
                }
            }

            ScalarKernels.Fill(dst.Slice(head + body), seed, stream, 0, offset + head + body, transform);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> Uniform(Vector256<uint> words, Vector256<float> min, Vector256<float> range, Vector256<float> maxBelow)
        {
            var unit = Avx.ConvertToVector256Single(Vector256.ShiftRightLogical(words, 8).AsInt32()) * Vector256.Create(Bits.TwoPowMinus24);
            return Avx.Min(min + unit * range, maxBelow);   // vminps(v, m) = v < m ? v : m, as the scalar code
        }

        [MethodImpl(Hot.Loop)]
        public static void NormalFloat(Span<float> dst, ulong seed, uint stream, uint round, long offset, NormalFloatTransform transform)
        {
            Split(offset, dst.Length, 4, out var head, out var body);
            ScalarKernels.Fill(dst.Slice(0, head), seed, stream, round, offset, transform);

            var mean = Vector256.Create(transform.Mean);
            var stddev = Vector256.Create(transform.StdDev);
            ref var start = ref MemoryMarshal.GetReference(dst);
            var block = (ulong)(offset + head) / 4;
            // Software pipelined: the words of the next eight blocks are generated while the current ones are
            // transformed, so the two long dependency chains (ten Philox rounds; log, sqrt and the scaling)
            // overlap inside the out-of-order window. The loop generates one group past the end; it is unused.
            if (body > 0)
            {
                PhiloxAvx2.Blocks8(seed, stream, round, block, out var x0, out var x1, out var x2, out var x3);
                for (var i = head; i < head + body; i += 32)
                {
                    block += 8;
                    BoxMuller4(x0, x1, x2, x3, out var z0, out var z1, out var z2, out var z3);
                    PhiloxAvx2.Blocks8(seed, stream, round, block, out x0, out x1, out x2, out x3);
                    Store4(ref start, i, mean + stddev * z0, mean + stddev * z1, mean + stddev * z2, mean + stddev * z3);
                }
            }

            ScalarKernels.Fill(dst.Slice(head + body), seed, stream, round, offset + head + body, transform);
        }

        /// <summary>Both Box–Muller pairs of eight blocks: (x0, x1) gives z0, z1 and (x2, x3) gives z2, z3.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void BoxMuller4(Vector256<uint> x0, Vector256<uint> x1, Vector256<uint> x2, Vector256<uint> x3,
            out Vector256<float> z0, out Vector256<float> z1, out Vector256<float> z2, out Vector256<float> z3)
        {
            if (FastMath512.IsSupported)
            {
                FastMath512.BoxMuller(Vector512.Create(x0, x2), Vector512.Create(x1, x3), out var c, out var s);
                z0 = c.GetLower();
                z2 = c.GetUpper();
                z1 = s.GetLower();
                z3 = s.GetUpper();
                return;
            }
            BoxMuller(x0, x1, out z0, out z1);
            BoxMuller(x2, x3, out z2, out z3);
        }

        /// <summary>Both Box–Muller pairs of the double layout (see <see cref="Join64"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void BoxMuller4(Vector256<ulong> aLow, Vector256<ulong> bLow, Vector256<ulong> aHigh, Vector256<ulong> bHigh,
            out Vector256<double> cosLow, out Vector256<double> sinLow, out Vector256<double> cosHigh, out Vector256<double> sinHigh)
        {
            if (FastMath512.IsSupported)
            {
                FastMath512.BoxMuller(Vector512.Create(aLow, aHigh), Vector512.Create(bLow, bHigh), out var c, out var s);
                cosLow = c.GetLower();
                cosHigh = c.GetUpper();
                sinLow = s.GetLower();
                sinHigh = s.GetUpper();
                return;
            }
            BoxMuller(aLow, bLow, out cosLow, out sinLow);
            BoxMuller(aHigh, bHigh, out cosHigh, out sinHigh);
        }

        /// <summary>Lane-wise twin of <see cref="Bits.BoxMuller(uint, uint, out float, out float)"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void BoxMuller(Vector256<uint> w0, Vector256<uint> w1, out Vector256<float> z0, out Vector256<float> z1)
        {
            var unit = Avx.ConvertToVector256Single(Vector256.ShiftRightLogical(w0, 8).AsInt32()) * Vector256.Create(Bits.TwoPowMinus24);
            var u1 = Vector256.Create(1f) - unit;
            var r = Avx.Sqrt(Vector256.Create(-2f) * FastMathAvx2.Log(u1));
            FastMathAvx2.SinCosFromBits(w1, out var s, out var c);
            z0 = r * c;
            z1 = r * s;
        }

        /// <summary>
        /// Truncated-normal first pass over whole groups of eight blocks (dst.Length a multiple of 32, offset a
        /// multiple of 4): stores mean + stddev*z of the round-0 normals and appends the positions (indexBase +
        /// position in dst) of those with |z| &gt; 2 to <paramref name="rejected"/> from <paramref name="count"/> on,
        /// branch-free through <see cref="CompactionTable"/>; returns the new count. <paramref name="rejected"/>
        /// needs 8 entries of slack past the last position it can receive.
        /// </summary>
        [MethodImpl(Hot.Loop)]
        public static int TruncatedNormalFloat(Span<float> dst, ulong seed, uint stream, long offset, float mean, float stddev,
            Span<int> rejected, int count, int indexBase)
        {
            var vmean = Vector256.Create(mean);
            var vstddev = Vector256.Create(stddev);
            ref var start = ref MemoryMarshal.GetReference(dst);
            ref var outRef = ref MemoryMarshal.GetReference(rejected);
            ref var table = ref MemoryMarshal.GetArrayDataReference(CompactionTable);
            var block = (ulong)offset / 4;
            var length = dst.Length & ~31;
            if (length > 0)
            {
                PhiloxAvx2.Blocks8(seed, stream, 0, block, out var x0, out var x1, out var x2, out var x3);
                for (var i = 0; i < length; i += 32)
                {
                    block += 8;
                    BoxMuller(x0, x1, out var z0, out var z1);
                    BoxMuller(x2, x3, out var z2, out var z3);   // not BoxMuller4: with the compaction state live, the 512-bit pair spilled and measured no faster
                    PhiloxAvx2.Blocks8(seed, stream, 0, block, out x0, out x1, out x2, out x3);
                    PhiloxAvx2.Transpose(z0.AsUInt32(), z1.AsUInt32(), z2.AsUInt32(), z3.AsUInt32(), out var o0, out var o1, out var o2, out var o3);
                    count = Keep(o0.AsSingle(), vmean, vstddev, ref start, i, ref outRef, count, indexBase, ref table);
                    count = Keep(o1.AsSingle(), vmean, vstddev, ref start, i + 8, ref outRef, count, indexBase, ref table);
                    count = Keep(o2.AsSingle(), vmean, vstddev, ref start, i + 16, ref outRef, count, indexBase, ref table);
                    count = Keep(o3.AsSingle(), vmean, vstddev, ref start, i + 24, ref outRef, count, indexBase, ref table);
                }
            }
            return count;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int Keep(Vector256<float> z, Vector256<float> mean, Vector256<float> stddev, ref float start, int index,
            ref int rejected, int count, int indexBase, ref ulong table)
        {
            (mean + stddev * z).StoreUnsafe(ref start, (nuint)index);
            var outside = Vector256.GreaterThan(Vector256.Abs(z), Vector256.Create(2f)).ExtractMostSignificantBits();
            Append(outside, index + indexBase, ref rejected, count, ref table);
            return count + BitOperations.PopCount(outside);
        }

        /// <summary>Writes first + (positions of the set bits of mask) to rejected[count..] (eight entries written).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Append(uint mask, int first, ref int rejected, int count, ref ulong table)
        {
            var lanes = Avx2.ConvertToVector256Int32(Vector128.CreateScalarUnsafe(Unsafe.Add(ref table, (nint)mask)).AsByte());
            (lanes + Vector256.Create(first)).StoreUnsafe(ref rejected, (nuint)count);
        }

        /// <summary>Entry m: the positions of the set bits of the byte m, in increasing order, one per byte.</summary>
        private static readonly ulong[] CompactionTable = BuildCompactionTable();

        private static ulong[] BuildCompactionTable()
        {
            var table = new ulong[256];
            for (var m = 0; m < 256; m++)
            {
                var k = 0;
                for (var bit = 0; bit < 8; bit++)
                {
                    if ((m >> bit & 1) != 0)
                    {
                        table[m] |= (ulong)bit << (8 * k++);
                    }
                }
            }
            return table;
        }

        /// <summary>The double twin of <see cref="TruncatedNormalFloat"/> (dst.Length a multiple of 16, offset even).</summary>
        [MethodImpl(Hot.Loop)]
        public static int TruncatedNormalDouble(Span<double> dst, ulong seed, uint stream, long offset, double mean, double stddev,
            Span<int> rejected, int count, int indexBase)
        {
            var vmean = Vector256.Create(mean);
            var vstddev = Vector256.Create(stddev);
            ref var start = ref MemoryMarshal.GetReference(dst);
            ref var outRef = ref MemoryMarshal.GetReference(rejected);
            ref var table = ref MemoryMarshal.GetArrayDataReference(CompactionTable);
            var block = (ulong)offset / 2;
            var length = dst.Length & ~15;
            if (length > 0 && Philox512.IsSupported)
            {
                // AVX-512: as NormalDouble's 512-bit loop, with the compaction of Keep on eight lanes at a time.
                var mean512 = Vector512.Create(mean);
                var stddev512 = Vector512.Create(stddev);
                Philox512.Blocks8(seed, stream, 0, block, out var y0, out var y1, out var y2, out var y3);
                for (var i = 0; i < length; i += 16)
                {
                    block += 8;
                    FastMath512.BoxMuller(Philox512.Join(y0, y1), Philox512.Join(y2, y3), out var c, out var s);
                    Philox512.Blocks8(seed, stream, 0, block, out y0, out y1, out y2, out y3);
                    Interleave(c, s, out var first, out var second);
                    count = Keep(first, mean512, stddev512, ref start, i, ref outRef, count, indexBase, ref table);
                    count = Keep(second, mean512, stddev512, ref start, i + 8, ref outRef, count, indexBase, ref table);
                }
            }
            else if (length > 0)
            {
                PhiloxAvx2.Blocks8(seed, stream, 0, block, out var x0, out var x1, out var x2, out var x3);
                for (var i = 0; i < length; i += 16)
                {
                    block += 8;
                    Join64(x0, x1, out var aLow, out var aHigh);
                    Join64(x2, x3, out var bLow, out var bHigh);
                    BoxMuller(aLow, bLow, out var cosLow, out var sinLow);
                    BoxMuller(aHigh, bHigh, out var cosHigh, out var sinHigh);   // not BoxMuller4: with the compaction state live, the 512-bit pair spilled and measured no faster
                    PhiloxAvx2.Blocks8(seed, stream, 0, block, out x0, out x1, out x2, out x3);
                    var b0b4 = Avx.UnpackLow(cosLow, sinLow);
                    var b1b5 = Avx.UnpackHigh(cosLow, sinLow);
                    var b2b6 = Avx.UnpackLow(cosHigh, sinHigh);
                    var b3b7 = Avx.UnpackHigh(cosHigh, sinHigh);
                    count = Keep(Avx.Permute2x128(b0b4, b1b5, 0x20), vmean, vstddev, ref start, i, ref outRef, count, indexBase, ref table);
                    count = Keep(Avx.Permute2x128(b2b6, b3b7, 0x20), vmean, vstddev, ref start, i + 4, ref outRef, count, indexBase, ref table);
                    count = Keep(Avx.Permute2x128(b0b4, b1b5, 0x31), vmean, vstddev, ref start, i + 8, ref outRef, count, indexBase, ref table);
                    count = Keep(Avx.Permute2x128(b2b6, b3b7, 0x31), vmean, vstddev, ref start, i + 12, ref outRef, count, indexBase, ref table);
                }
            }
            return count;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int Keep(Vector256<double> z, Vector256<double> mean, Vector256<double> stddev, ref double start, int index,
            ref int rejected, int count, int indexBase, ref ulong table)
        {
            (mean + stddev * z).StoreUnsafe(ref start, (nuint)index);
            var outside = Vector256.GreaterThan(Vector256.Abs(z), Vector256.Create(2.0)).ExtractMostSignificantBits();
            Append(outside, index + indexBase, ref rejected, count, ref table);
            return count + BitOperations.PopCount(outside);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int Keep(Vector512<double> z, Vector512<double> mean, Vector512<double> stddev, ref double start, int index,
            ref int rejected, int count, int indexBase, ref ulong table)
        {
            (mean + stddev * z).StoreUnsafe(ref start, (nuint)index);
            var outside = (uint)Vector512.GreaterThan(Vector512.Abs(z), Vector512.Create(2.0)).ExtractMostSignificantBits();
            Append(outside, index + indexBase, ref rejected, count, ref table);
            return count + BitOperations.PopCount(outside);
        }

        /// <summary>
        /// Standard normals of eight arbitrary global elements in one round, each lane exactly what
        /// <see cref="NormalFloatTransform"/>(0, 1) gives for that element: block index = element / 4, and
        /// element % 4 picks the Box–Muller pair (bit 1) and cos or sin (bit 0). Used for truncation re-draws.
        /// Compiled optimized at once (Hot.Loop): too large to inline, it would otherwise run as tier-0 code, with
        /// every vector helper a call, for the first thirty-odd calls, which made a first truncated fill of 1e7
        /// elements about 20 times slower than the next ones.
        /// </summary>
        [MethodImpl(Hot.Loop)]
        public static Vector256<float> StandardNormalAt(ulong seed, uint stream, uint round,
            Vector256<uint> blockLow, Vector256<uint> blockHigh, Vector256<uint> position)
        {
            PhiloxAvx2.Blocks8(seed, stream, round, blockLow, blockHigh, out var x0, out var x1, out var x2, out var x3);
            BoxMuller(x0, x1, out var z0, out var z1);
            BoxMuller(x2, x3, out var z2, out var z3);
            // blendvps looks at the sign bit only: shift the selecting bit there.
            var odd = Vector256.ShiftLeft(position, 31).AsSingle();
            var secondPair = Vector256.ShiftLeft(position, 30).AsSingle();
            var z = Avx.BlendVariable(Avx.BlendVariable(z0, z1, odd), Avx.BlendVariable(z2, z3, odd), secondPair);
            return Vector256.Create(0f) + Vector256.Create(1f) * z;
        }

        /// <summary>Stores four "one value per block" vectors in element order (block-major, four per block).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Store4(ref float start, int index, Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d)
        {
            PhiloxAvx2.Transpose(a.AsUInt32(), b.AsUInt32(), c.AsUInt32(), d.AsUInt32(), out var o0, out var o1, out var o2, out var o3);
            o0.AsSingle().StoreUnsafe(ref start, (nuint)index);
            o1.AsSingle().StoreUnsafe(ref start, (nuint)(index + 8));
            o2.AsSingle().StoreUnsafe(ref start, (nuint)(index + 16));
            o3.AsSingle().StoreUnsafe(ref start, (nuint)(index + 24));
        }

        [MethodImpl(Hot.Loop)]
        public static void UniformDouble(Span<double> dst, ulong seed, uint stream, long offset, UniformDoubleTransform transform)
        {
            Split(offset, dst.Length, 2, out var head, out var body);
            ScalarKernels.Fill(dst.Slice(0, head), seed, stream, 0, offset, transform);

            var min = Vector256.Create(transform.Min);
            var scaledRange = Vector256.Create(transform.ScaledRange);
            var maxBelow = Vector256.Create(transform.MaxBelow);
            ref var start = ref MemoryMarshal.GetReference(dst);
            var block = (ulong)(offset + head) / 2;
            if (body > 0)
            {
                // Software pipelined like NormalFloat.
                PhiloxAvx2.Blocks8(seed, stream, 0, block, out var x0, out var x1, out var x2, out var x3);
                for (var i = head; i < head + body; i += 16)
                {
                    block += 8;
                    Join64(x0, x1, out var aLow, out var aHigh);
                    Join64(x2, x3, out var bLow, out var bHigh);
                    var v0 = Uniform(aLow, min, scaledRange, maxBelow);
                    var v1 = Uniform(bLow, min, scaledRange, maxBelow);
                    var v2 = Uniform(aHigh, min, scaledRange, maxBelow);
                    var v3 = Uniform(bHigh, min, scaledRange, maxBelow);
                    PhiloxAvx2.Blocks8(seed, stream, 0, block, out x0, out x1, out x2, out x3);
                    StorePairs(ref start, i, v0, v1, v2, v3);
                }
            }

            ScalarKernels.Fill(dst.Slice(head + body), seed, stream, 0, offset + head + body, transform);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<double> Uniform(Vector256<ulong> words, Vector256<double> min, Vector256<double> scaledRange, Vector256<double> maxBelow)
        {
            var x = Vector256.ShiftRightLogical(words, 11);
            var exact = Avx512DQ.VL.IsSupported ? Avx512DQ.VL.ConvertToVector256Double(x) : Int53ToDouble(x);
            return Avx.Min(min + exact * scaledRange, maxBelow);
        }

        /// <summary>
        /// x &lt; 2^53 as an exact double without AVX-512 (AVX2 has no 64-bit integer conversion): the high 21
        /// and low 32 bits each become exact doubles through the exponent trick, and their sum hi*2^32 + lo
        /// is exact because it fits in 53 bits. Every step is exact, so it equals vcvtuqq2pd and (double)x.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector256<double> Int53ToDouble(Vector256<ulong> x)
        {
            var high = (Vector256.ShiftRightLogical(x, 32) | Vector256.Create(0x4530000000000000UL)).AsDouble()
                - Vector256.Create(19342813118337666422669312.0);    // 2^84 + 2^52: leaves hi * 2^32 - 2^52
            var low = ((x & Vector256.Create(0xFFFFFFFFUL)) | Vector256.Create(0x4330000000000000UL)).AsDouble();   // 2^52 + lo
            return high + low;
        }

        [MethodImpl(Hot.Loop)]
        public static void NormalDouble(Span<double> dst, ulong seed, uint stream, uint round, long offset, NormalDoubleTransform transform)
        {
            Split(offset, dst.Length, 2, out var head, out var body);
            ScalarKernels.Fill(dst.Slice(0, head), seed, stream, round, offset, transform);

            var mean = Vector256.Create(transform.Mean);
            var stddev = Vector256.Create(transform.StdDev);
            ref var start = ref MemoryMarshal.GetReference(dst);
            var block = (ulong)(offset + head) / 2;
            if (body > 0 && Philox512.IsSupported)
            {
                // AVX-512: the words, the Box–Muller pair and the scaling of eight blocks in one register each, in
                // block order (no 256-bit halves to join and split); software pipelined like NormalFloat.
                var mean512 = Vector512.Create(transform.Mean);
                var stddev512 = Vector512.Create(transform.StdDev);
                Philox512.Blocks8(seed, stream, round, block, out var y0, out var y1, out var y2, out var y3);
                for (var i = head; i < head + body; i += 16)
                {
                    block += 8;
                    FastMath512.BoxMuller(Philox512.Join(y0, y1), Philox512.Join(y2, y3), out var c, out var s);
                    Philox512.Blocks8(seed, stream, round, block, out y0, out y1, out y2, out y3);
                    Interleave(mean512 + stddev512 * c, mean512 + stddev512 * s, out var first, out var second);
                    first.StoreUnsafe(ref start, (nuint)i);
                    second.StoreUnsafe(ref start, (nuint)(i + 8));
                }
            }
            else if (body > 0)
            {
                // Software pipelined like NormalFloat.
                PhiloxAvx2.Blocks8(seed, stream, round, block, out var x0, out var x1, out var x2, out var x3);
                for (var i = head; i < head + body; i += 16)
                {
                    block += 8;
                    Join64(x0, x1, out var aLow, out var aHigh);
                    Join64(x2, x3, out var bLow, out var bHigh);
                    BoxMuller4(aLow, bLow, aHigh, bHigh, out var cosLow, out var sinLow, out var cosHigh, out var sinHigh);
                    PhiloxAvx2.Blocks8(seed, stream, round, block, out x0, out x1, out x2, out x3);
                    StorePairs(ref start, i,
                        mean + stddev * cosLow, mean + stddev * sinLow, mean + stddev * cosHigh, mean + stddev * sinHigh);
                }
            }

            ScalarKernels.Fill(dst.Slice(head + body), seed, stream, round, offset + head + body, transform);
        }

        /// <summary>
        /// Standard normals of eight arbitrary global elements in one round, each lane exactly what
        /// <see cref="NormalDoubleTransform"/>(0, 1) gives: block index = element / 2, element % 2 picks cos or sin.
        /// The eight values come back as two vectors, elements 0-3 and 4-7. Hot.Loop as the float overload.
        /// </summary>
        [MethodImpl(Hot.Loop)]
        public static void StandardNormalAt(ulong seed, uint stream, uint round,
            Vector256<uint> blockLow, Vector256<uint> blockHigh, Vector256<uint> position,
            out Vector256<double> first, out Vector256<double> second)
        {
            PhiloxAvx2.Blocks8(seed, stream, round, blockLow, blockHigh, out var x0, out var x1, out var x2, out var x3);
            Join64(x0, x1, out var aLow, out var aHigh);
            Join64(x2, x3, out var bLow, out var bHigh);
            Join64(position, Vector256<uint>.Zero, out var positionLow, out var positionHigh);   // same lane order
            BoxMuller(aLow, bLow, out var cosLow, out var sinLow);
            BoxMuller(aHigh, bHigh, out var cosHigh, out var sinHigh);
            var low = Avx.BlendVariable(cosLow, sinLow, Vector256.ShiftLeft(positionLow, 63).AsDouble());
            var high = Avx.BlendVariable(cosHigh, sinHigh, Vector256.ShiftLeft(positionHigh, 63).AsDouble());
            low = Vector256.Create(0.0) + Vector256.Create(1.0) * low;      // lanes of elements 0, 1, 4, 5
            high = Vector256.Create(0.0) + Vector256.Create(1.0) * high;    // lanes of elements 2, 3, 6, 7
            first = Avx.Permute2x128(low, high, 0x20);
            second = Avx.Permute2x128(low, high, 0x31);
        }

        /// <summary>Lane-wise twin of <see cref="Bits.BoxMuller(uint, uint, uint, uint, out double, out double)"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void BoxMuller(Vector256<ulong> radiusBits, Vector256<ulong> angleBits, out Vector256<double> z0, out Vector256<double> z1)
        {
            var m = ((radiusBits & Vector256.Create(Bits.Mantissa52)) | Vector256.Create(Bits.OneBits)).AsDouble();
            var u1 = Vector256.Create(2.0) - m;
            var r = Avx.Sqrt(Vector256.Create(-2.0) * FastMathAvx2.Log(u1));
            FastMathAvx2.SinCosFromBits(angleBits, out var s, out var c);
            z0 = r * c;
            z1 = r * s;
        }

        /// <summary>
        /// 64-bit words lo | hi &lt;&lt; 32 from two word vectors: <paramref name="low"/> holds blocks 0, 1, 4, 5
        /// and <paramref name="high"/> blocks 2, 3, 6, 7 (unpack works inside each 128-bit half).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Join64(Vector256<uint> lo, Vector256<uint> hi, out Vector256<ulong> low, out Vector256<ulong> high)
        {
            low = Avx2.UnpackLow(lo, hi).AsUInt64();
            high = Avx2.UnpackHigh(lo, hi).AsUInt64();
        }

        /// <summary>Two values per block in element order from the first and second values of eight blocks in block
        /// order: elements 0-7 (blocks 0-3) and 8-15 (blocks 4-7).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Interleave(Vector512<double> firstValues, Vector512<double> secondValues,
            out Vector512<double> low, out Vector512<double> high)
        {
            low = Avx512F.PermuteVar8x64x2(firstValues, Vector512.Create(0L, 8, 1, 9, 2, 10, 3, 11), secondValues);
            high = Avx512F.PermuteVar8x64x2(firstValues, Vector512.Create(4L, 12, 5, 13, 6, 14, 7, 15), secondValues);
        }

        /// <summary>
        /// Stores two values per block in element order, given first/second values for blocks 0, 1, 4, 5
        /// (firstLow, secondLow) and blocks 2, 3, 6, 7 (firstHigh, secondHigh), as <see cref="Join64"/> leaves them.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void StorePairs(ref double start, int index,
            Vector256<double> firstLow, Vector256<double> secondLow, Vector256<double> firstHigh, Vector256<double> secondHigh)
        {
            var b0b4 = Avx.UnpackLow(firstLow, secondLow);
            var b1b5 = Avx.UnpackHigh(firstLow, secondLow);
            var b2b6 = Avx.UnpackLow(firstHigh, secondHigh);
            var b3b7 = Avx.UnpackHigh(firstHigh, secondHigh);
            Avx.Permute2x128(b0b4, b1b5, 0x20).StoreUnsafe(ref start, (nuint)index);
            Avx.Permute2x128(b2b6, b3b7, 0x20).StoreUnsafe(ref start, (nuint)(index + 4));
            Avx.Permute2x128(b0b4, b1b5, 0x31).StoreUnsafe(ref start, (nuint)(index + 8));
            Avx.Permute2x128(b2b6, b3b7, 0x31).StoreUnsafe(ref start, (nuint)(index + 12));
        }
    }
}
#endif
