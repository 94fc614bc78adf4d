using System.Collections.Generic;

namespace Initializers.IO
{
    /// <summary>One tensor of a safetensors header: its name, dtype, shape and byte range in the data buffer
    /// (<c>data_offsets</c>, relative to the end of the header). Dimensions are 64-bit so that a streaming writer can
    /// describe tensors larger than one .NET array.</summary>
    internal sealed class SafetensorsEntry
    {
        public SafetensorsEntry(string name, DType dtype, IReadOnlyList<long> shape)
        {
            Name = name;
            DType = dtype;
            Shape = shape;
        }

        /// <summary>The tensor name (a JSON key of the header).</summary>
        public string Name { get; }

        /// <summary>The element type.</summary>
        public DType DType { get; }

        /// <summary>The dimensions, outermost first; empty for a scalar.</summary>
        public IReadOnlyList<long> Shape { get; }

        /// <summary>The first byte of the tensor's data, relative to the start of the data buffer.</summary>
        public long Begin { get; set; }

        /// <summary>For an entry read from a file: the safetensors dtype string when this library has no tensor dtype for
        /// it (a float8 type, say; <see cref="DType"/> is then meaningless), else null.</summary>
        public string? Unsupported { get; set; }

        /// <summary>For an entry read from a file (every entry the reader's messages name): its dimensions as the header
        /// wrote them (<see cref="Shape"/> holds those past 2^63 - 1 as long.MaxValue); null for an entry being written.</summary>
        public string? ShapeText { get; set; }

        /// <summary>One past the last byte of the tensor's data, relative to the start of the data buffer.</summary>
        public long End { get; set; }
    }
}
