using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Initializers.LinearAlgebra
{
    /// <summary>Which entries of an operand may be non-zero. Structurally zero entries are never read (the packing
    /// writes zeros for them) and whole register tiles of zero products are skipped.</summary>
    internal enum Structure : byte
    {
        Full,
        /// <summary>Upper triangular: entry (i, j) is zero when i &gt; j.</summary>
        Upper,
        /// <summary>Lower triangular: entry (i, j) is zero when i &lt; j.</summary>
        Lower,
    }

    /// <summary>A strided view of a matrix operand: element (i, j) is at <c>Data[i * RowStride + j * ColStride]</c>,
    /// so a transposed view of a row-major matrix is just the strides swapped.</summary>
    internal readonly unsafe struct Operand
    {
        public Operand(double* data, int rowStride, int colStride, Structure structure = Structure.Full)
        {
            Data = data;
            RowStride = rowStride;
            ColStride = colStride;
            Structure = structure;
        }

        public readonly double* Data;
        public readonly int RowStride;
        public readonly int ColStride;
        public readonly Structure Structure;

        /// <summary>Row-major matrix with leading dimension <paramref name="ld"/>.</summary>
        public static Operand RowMajor(double* data, int ld, Structure structure = Structure.Full) => new Operand(data, ld, 1, structure);

        /// <summary>Transpose of a row-major matrix with leading dimension <paramref name="ld"/>.</summary>
        public static Operand Transposed(double* data, int ld, Structure structure = Structure.Full) => new Operand(data, 1, ld, structure);

        /// <summary>Element (i, j) honouring the structure; the caller keeps (i, j) inside the matrix.</summary>
        public double At(int i, int j)
        {
            if ((Structure == Structure.Upper && i > j) || (Structure == Structure.Lower && i < j))
            {
                return 0.0;
            }

            return Data[(long)i * RowStride + (long)j * ColStride];
        }
    }

    /// <summary>Blocked, packed, multithreaded double-precision matrix multiply (GotoBLAS/BLIS layout) built on
    /// <see cref="MicroKernel"/>.</summary>
    /// <remarks>
    /// Determinism: the output is split into tiles and each tile is computed by exactly one thread. Inside a tile
    /// the depth is cut into blocks of <see cref="Kc"/> at fixed absolute positions, and each register tile adds its
    /// block sums to C in ascending block order. Register tiles sit at fixed positions (multiples of 6 rows and 8
    /// columns), so neither the thread count nor the task tile size changes any rounding: results are
    /// bit-identical for any number of threads.
    /// </remarks>
    internal static unsafe class Gemm
    {
        /// <summary>Depth block. Part of the summation order: never make it depend on sizes or threads.</summary>
        public const int Kc = 256;

        private const int Mr = MicroKernel.Mr;
        private const int Nr = MicroKernel.Nr;
        private const int McMax = 96;   // rows of A packed at a time (Mc x Kc doubles stay in L2)
        private const int MaxTaskRows = 4 * McMax; // rows per task (B is packed once per task and depth block)
        private const int NcMax = 512;  // columns of B packed per task (Kc x Nc doubles stay in L3)
        private const long SerialWork = 1L << 20; // below this many multiply-adds (~0.1 ms), one thread is faster

        [ThreadStatic] private static double[]? threadPackA;
        [ThreadStatic] private static double[]? threadPackB;
        [ThreadStatic] private static double[]? threadRowBlock;

        /// <summary>C[m x n] (=, +=, -=) A[m x k] * B[k x n].</summary>
        /// <param name="m">Rows of A and C.</param>
        /// <param name="n">Columns of B and C.</param>
        /// <param name="k">Columns of A, rows of B.</param>
        /// <param name="a">Left operand (any strides, any structure).</param>
        /// <param name="b">Right operand (any strides, any structure).</param>
        /// <param name="c">Row-major output; must not overlap A or B.</param>
        /// <param name="ldc">Row stride of C.</param>
        /// <param name="accumulate">Add to C (otherwise C is overwritten).</param>
        /// <param name="subtract">Use the negated product.</param>
        /// <param name="upperOnly">Only the upper triangle of C (i &lt;= j) is needed; register tiles strictly below the
        /// diagonal are skipped, tiles crossing it are computed whole.</param>
        /// <param name="threads">Maximum number of threads (at least 1).</param>
        public static void Multiply(int m, int n, int k, Operand a, Operand b, double* c, int ldc,
            bool accumulate, bool subtract, bool upperOnly, int threads)
        {
            if (m <= 0 || n <= 0)
            {
                return;
            }

            var job = new Job(m, n, k, a, b, c, ldc, accumulate, subtract, upperOnly, inPlace: false);
            job.Plan(threads);
            Execute(job, threads);
        }

        /// <summary>C[m x n] = (-)C * B in place, B an upper triangular n x n matrix. Works because rows of the
        /// product depend only on the same row of C: each task computes a block of rows into scratch, then copies.</summary>
        public static void MultiplyUpperRightInPlace(int m, int n, double* c, int ldc, Operand upper, bool negate, int threads)
        {
            if (m <= 0 || n <= 0)
            {
                return;
            }

            var job = new Job(m, n, n, Operand.RowMajor(c, ldc), upper, c, ldc, accumulate: false, subtract: negate,
                upperOnly: false, inPlace: true);
            job.Plan(threads);
            Execute(job, threads);
        }

        private static void Execute(Job job, int threads)
        {
            if (threads <= 1 || job.TaskCount <= 1 || (long)job.M * job.N * job.K < SerialWork)
            {
                for (var t = 0; t < job.TaskCount; t++)
                {
                    job.RunTask(t);
                }
            }
            else
            {
                // Largest task first (triangular operands make task costs uneven), claimed through a shared counter by
                // the caller and threads - 1 pool workers. Which thread runs a task does not affect its result.
                var order = new int[job.TaskCount];
                var cost = new double[job.TaskCount];
                for (var t = 0; t < order.Length; t++)
                {
                    order[t] = t;
                    cost[t] = -job.EstimateCost(t);
                }
                Array.Sort(cost, order);
                var next = -1;
                void Work()
                {
                    for (int t; (t = Interlocked.Increment(ref next)) < order.Length;)
                    {
                        job.RunTask(order[t]);
                    }
                }
                var helpers = Math.Min(threads, job.TaskCount) - 1;
                var running = new Task[helpers];
                for (var h = 0; h < helpers; h++)
                {
                    running[h] = Task.Run(Work);
                }

                Work();
                Task.WaitAll(running);
            }
        }

        private static double[] Scratch(ref double[]? buffer, int length)
        {
            if (buffer == null || buffer.Length < length)
            {
                buffer = new double[Math.Max(length, 1024)];
            }

            return buffer;
        }

        private static int RoundUp(int x, int step) => (x + step - 1) / step * step;

        private sealed class Job
        {
            public readonly int M, N, K, Ldc;
            public readonly Operand A, B;
            public readonly double* C;
            public readonly bool Accumulate, Subtract, UpperOnly, InPlace;
            public int Mc, Nc, TilesI, TilesJ; // task tile: Mc rows x Nc columns

            public Job(int m, int n, int k, Operand a, Operand b, double* c, int ldc, bool accumulate, bool subtract,
                bool upperOnly, bool inPlace)
            {
                M = m; N = n; K = k; A = a; B = b; C = c; Ldc = ldc;
                Accumulate = accumulate; Subtract = subtract; UpperOnly = upperOnly; InPlace = inPlace;
            }

            public int TaskCount => TilesI * TilesJ;

            /// <summary>Task tile sizes: only a load-balancing choice (see the class remarks), so it may use the thread
            /// count. Tall tasks pack each block of B once for several 96-row blocks of A.</summary>
            public void Plan(int threads)
            {
                Nc = InPlace ? RoundUp(N, Nr) : Math.Min(NcMax, RoundUp(N, Nr));
                TilesJ = (N + Nc - 1) / Nc;
                var target = threads <= 1 ? 1 : 3 * threads;
                Mc = MaxTaskRows;
                while (Mc > 4 * Mr && ((M + Mc - 1) / Mc) * TilesJ < target)
                {
                    Mc = RoundUp(Mc / 2, Mr);
                }

                TilesI = (M + Mc - 1) / Mc;
            }

            /// <summary>Approximate multiply-adds of a task, for scheduling only.</summary>
            public double EstimateCost(int task)
            {
                int ti = task / TilesJ, tj = task % TilesJ;
                int i0 = ti * Mc, i1 = Math.Min(M, i0 + Mc);
                int j0 = tj * Nc, j1 = Math.Min(N, j0 + Nc);
                double iMid = 0.5 * (i0 + i1), jMid = 0.5 * (j0 + j1);
                double depth = K;
                if (A.Structure == Structure.Upper)
                {
                    depth = Math.Min(depth, K - iMid);
                }
                else if (A.Structure == Structure.Lower)
                {
                    depth = Math.Min(depth, iMid);
                }

                if (B.Structure == Structure.Upper)
                {
                    depth = Math.Min(depth, jMid);
                }
                else if (B.Structure == Structure.Lower)
                {
                    depth = Math.Min(depth, K - jMid);
                }

                var columns = UpperOnly ? Math.Max(0.0, Math.Min(j1 - j0, j1 - iMid)) : j1 - j0;
                return (i1 - i0) * columns * Math.Max(depth, 0.0);
            }

            [MethodImpl(Hot.Loop)]
            public void RunTask(int task)
            {
                int ti = task / TilesJ, tj = task % TilesJ;
                int i0 = ti * Mc, i1 = Math.Min(M, i0 + Mc);
                int j0 = tj * Nc, j1 = Math.Min(N, j0 + Nc);
                if (UpperOnly && i0 >= j1)
                {
                    return; // the whole task lies strictly below the diagonal
                }

                if (!InPlace)
                {
                    RunBlock(i0, i1, j0, j1, C + (long)i0 * Ldc + j0, Ldc);
                    return;
                }
                // In place: the product rows go to scratch first, because they read the same rows of C.
                var rows = Scratch(ref threadRowBlock, (i1 - i0) * N);
                fixed (double* r = rows)
                {
                    RunBlock(i0, i1, 0, N, r, N);
                    for (var i = i0; i < i1; i++)
                    {
                        new Span<double>(r + (long)(i - i0) * N, N).CopyTo(new Span<double>(C + (long)i * Ldc, N));
                    }
                }
            }

            /// <summary>Computes rows [i0, i1) and columns [j0, j1) of the product into <paramref name="cb"/> (its
            /// element (i0, j0)).</summary>
            [MethodImpl(Hot.Loop)]
            private void RunBlock(int i0, int i1, int j0, int j1, double* cb, int ldc)
            {
                if (!Accumulate)
                {
                    for (var i = i0; i < i1; i++)
                    {
                        new Span<double>(cb + (long)(i - i0) * ldc, j1 - j0).Clear();
                    }
                }
                var packA = Scratch(ref threadPackA, McMax * Kc);
                var packB = Scratch(ref threadPackB, Kc * Math.Min(RoundUp(N, Nr), NcMax));
                fixed (double* pa = packA, pb = packB)
                {
                    for (var jc = j0; jc < j1; jc += NcMax)
                    {
                        var jcEnd = Math.Min(j1, jc + NcMax);
                        for (var pc = 0; pc < K; pc += Kc)
                        {
                            var kb = Math.Min(Kc, K - pc);
                            if (!BlockHasWork(i0, i1, jc, jcEnd, pc, pc + kb))
                            {
                                continue;
                            }

                            PackB(pb, pc, kb, jc, jcEnd);
                            for (var ic = i0; ic < i1; ic += McMax)
                            {
                                var icEnd = Math.Min(i1, ic + McMax);
                                if (UpperOnly && ic >= jcEnd)
                                {
                                    break;
                                }

                                if (!BlockHasWork(ic, icEnd, jc, jcEnd, pc, pc + kb))
                                {
                                    continue;
                                }

                                PackA(pa, ic, icEnd, pc, kb);
                                RunTiles(pa, pb, ic, icEnd, jc, jcEnd, pc, kb, cb + (long)(ic - i0) * ldc + (jc - j0), ldc);
                            }
                        }
                    }
                }
            }

            /// <summary>All register tiles of one packed A block (rows [i0, i1)) times one packed B block (columns
            /// [j0, j1)) over depth [pc, pc + kb); <paramref name="cb"/> is C's element (i0, j0).</summary>
            [MethodImpl(Hot.Loop)]
            private void RunTiles(double* pa, double* pb, int i0, int i1, int j0, int j1, int pc, int kb, double* cb, int ldc)
            {
                var tile = stackalloc double[Mr * Nr];
                for (var jr = j0; jr < j1; jr += Nr)
                {
                    var bPanel = pb + (long)(jr - j0) * kb;
                    for (var ir = i0; ir < i1; ir += Mr)
                    {
                        if (UpperOnly && ir >= jr + Nr)
                        {
                            break; // this and all lower register tiles are strictly below the diagonal
                        }

                        TileRange(ir, jr, out var lo, out var hi);
                        lo = Math.Max(lo, pc);
                        hi = Math.Min(hi, pc + kb);
                        if (lo >= hi)
                        {
                            continue;
                        }

                        var aPanel = pa + (long)(ir - i0) * kb + (long)(lo - pc) * Mr;
                        var bStart = bPanel + (long)(lo - pc) * Nr;
                        var ct = cb + (long)(ir - i0) * ldc + (jr - j0);
                        int rows = Math.Min(Mr, i1 - ir), cols = Math.Min(Nr, j1 - jr);
                        if (rows == Mr && cols == Nr)
                        {
                            MicroKernel.Run(hi - lo, aPanel, bStart, ct, ldc, Subtract);
                            continue;
                        }
                        // Edge tile: compute the whole 6x8 into a zeroed scratch tile, then add the valid part.
                        for (var e = 0; e < Mr * Nr; e++)
                        {
                            tile[e] = 0.0;
                        }

                        MicroKernel.Run(hi - lo, aPanel, bStart, tile, Nr, subtract: false);
                        for (var i = 0; i < rows; i++)
                        {
                            for (var j = 0; j < cols; j++)
                            {
                                ct[(long)i * ldc + j] = Subtract ? ct[(long)i * ldc + j] - tile[i * Nr + j] : ct[(long)i * ldc + j] + tile[i * Nr + j];
                            }
                        }
                    }
                }
            }

            /// <summary>The depth range [lo, hi) that can give non-zero products for the register tile at (ir, jr).</summary>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            private void TileRange(int ir, int jr, out int lo, out int hi)
            {
                lo = 0;
                hi = K;
                if (A.Structure == Structure.Upper)
                {
                    lo = Math.Max(lo, ir);
                }
                else if (A.Structure == Structure.Lower)
                {
                    hi = Math.Min(hi, Math.Min(ir + Mr, M));
                }

                if (B.Structure == Structure.Upper)
                {
                    hi = Math.Min(hi, Math.Min(jr + Nr, N));
                }
                else if (B.Structure == Structure.Lower)
                {
                    lo = Math.Max(lo, jr);
                }
            }

            private bool BlockHasWork(int i0, int i1, int j0, int j1, int k0, int k1)
            {
                if (A.Structure == Structure.Upper && k1 <= i0)
                {
                    return false;
                }

                if (A.Structure == Structure.Lower && k0 >= i1)
                {
                    return false;
                }

                if (B.Structure == Structure.Upper && k0 >= j1)
                {
                    return false;
                }

                if (B.Structure == Structure.Lower && k1 <= j0)
                {
                    return false;
                }

                return true;
            }

            /// <summary>Packs A[i0..i1, pc..pc+kb] as row panels of 6: panel q holds, for each p, A[i0+6q .. +6, pc+p]
            /// (zero padded past the last row).</summary>
            [MethodImpl(Hot.Loop)]
            private void PackA(double* dst, int i0, int i1, int pc, int kb)
            {
                var a = A;
                for (var ir = i0; ir < i1; ir += Mr)
                {
                    var panel = dst + (long)(ir - i0) * kb;
                    var rows = Math.Min(Mr, i1 - ir);
                    if (rows == Mr && a.Structure == Structure.Full)
                    {
                        if (a.RowStride == 1)
                        {
                            // Transposed view: the 6 values for one p are contiguous.
                            var src = a.Data + ir + (long)pc * a.ColStride;
                            for (var p = 0; p < kb; p++, src += a.ColStride, panel += Mr)
                            {
                                panel[0] = src[0]; panel[1] = src[1]; panel[2] = src[2];
                                panel[3] = src[3]; panel[4] = src[4]; panel[5] = src[5];
                            }
                        }
                        else
                        {
                            long rs = a.RowStride, cs = a.ColStride;
                            var src = a.Data + ir * rs + pc * cs;
                            for (var p = 0; p < kb; p++, src += cs, panel += Mr)
                            {
                                panel[0] = src[0]; panel[1] = src[rs]; panel[2] = src[2 * rs];
                                panel[3] = src[3 * rs]; panel[4] = src[4 * rs]; panel[5] = src[5 * rs];
                            }
                        }
                        continue;
                    }
                    for (var p = 0; p < kb; p++, panel += Mr)
                    {
                        for (var i = 0; i < Mr; i++)
                        {
                            panel[i] = i < rows ? a.At(ir + i, pc + p) : 0.0;
                        }
                    }
                }
            }

            /// <summary>Packs B[pc..pc+kb, j0..j1] as column panels of 8: panel q holds, for each p, B[pc+p, j0+8q .. +8]
            /// (zero padded past the last column).</summary>
            [MethodImpl(Hot.Loop)]
            private void PackB(double* dst, int pc, int kb, int j0, int j1)
            {
                var b = B;
                for (var jr = j0; jr < j1; jr += Nr)
                {
                    var panel = dst + (long)(jr - j0) * kb;
                    var cols = Math.Min(Nr, j1 - jr);
                    if (cols == Nr && b.Structure == Structure.Full && b.ColStride == 1)
                    {
                        var src = b.Data + (long)pc * b.RowStride + jr;
                        for (var p = 0; p < kb; p++, src += b.RowStride, panel += Nr)
                        {
                            Buffer.MemoryCopy(src, panel, Nr * sizeof(double), Nr * sizeof(double));
                        }

                        continue;
                    }
                    if (cols == Nr && b.Structure == Structure.Upper && b.ColStride == 1)
                    {
                        // Rows k <= jr are full, rows jr < k < jr + 8 partly zero, rows below are never read (TileRange).
                        var pEnd = Math.Min(kb, jr + Nr - pc);
                        var src = b.Data + (long)pc * b.RowStride + jr;
                        for (var p = 0; p < pEnd; p++, src += b.RowStride, panel += Nr)
                        {
                            var k = pc + p;
                            if (k <= jr)
                            {
                                Buffer.MemoryCopy(src, panel, Nr * sizeof(double), Nr * sizeof(double));
                            }
                            else
                            {
                                for (var j = 0; j < Nr; j++)
                                {
                                    panel[j] = jr + j < k ? 0.0 : src[j];
                                }
                            }
                        }
                        continue;
                    }
                    for (var p = 0; p < kb; p++, panel += Nr)
                    {
                        for (var j = 0; j < Nr; j++)
                        {
                            panel[j] = j < cols ? b.At(pc + p, jr + j) : 0.0;
                        }
                    }
                }
            }
        }
    }
}
