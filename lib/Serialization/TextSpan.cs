namespace Initializers.Serialization
{
    /// <summary>Where one mapping entry or sequence element stands in its text, as 0-based UTF-16 offsets: the key runs
    /// from <see cref="KeyStart"/> to <see cref="KeyEnd"/> (exclusive; quotes included) and the value from
    /// <see cref="ValueStart"/> to <see cref="ValueEnd"/> (exclusive; a YAML tag or anchor included, a block
    /// collection ending after its last scalar). A sequence element has no key: its key offsets equal
    /// <see cref="ValueStart"/>.</summary>
    internal readonly struct TextSpan
    {
        public TextSpan(int keyStart, int keyEnd, int valueStart, int valueEnd)
        {
            KeyStart = keyStart;
            KeyEnd = keyEnd;
            ValueStart = valueStart;
            ValueEnd = valueEnd;
        }

        public int KeyStart { get; }

        public int KeyEnd { get; }

        public int ValueStart { get; }

        public int ValueEnd { get; }
    }
}
