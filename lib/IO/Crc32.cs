namespace Initializers.IO
{
    /// <summary>CRC-32 with zip's polynomial (0xEDB88320, reflected), as zip members and numpy's .npz record it.</summary>
    internal static class Crc32
    {
        /// <summary>The state before any byte; <see cref="Finish"/> turns a state into the CRC.</summary>
        public const uint Start = 0xFFFFFFFFu;

        private static readonly uint[] Table = BuildTable();

        /// <summary>The CRC-32 of <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        public static uint Compute(byte[] buffer, int offset, int count) => Finish(Update(Start, buffer, offset, count));

        /// <summary>Feeds bytes into a running state.</summary>
        public static uint Update(uint state, byte[] buffer, int offset, int count)
        {
            for (var i = offset; i < offset + count; i++)
            {
                state = Table[(state ^ buffer[i]) & 0xFF] ^ (state >> 8);
            }

            return state;
        }

        public static uint Finish(uint state) => ~state;

        private static uint[] BuildTable()
        {
            var table = new uint[256];
            for (uint i = 0; i < 256; i++)
            {
                var c = i;
                for (var k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                }

                table[i] = c;
            }

            return table;
        }
    }
}
