using System;

namespace Initializers.Serialization
{
    // TEMPORARY stub: replaced by the real implementation from the `serial` branch.
    public static class JsonText
    {
        public static object? Parse(string text) => throw new NotImplementedException();

        public static string Write(object? tree, bool compress) => throw new NotImplementedException();
    }
}
