using System;
using System.Collections.Generic;

namespace Initializers.Serialization
{
    // TEMPORARY stub: replaced by the real implementation from the `serial` branch.
    public static class YamlText
    {
        public static IReadOnlyList<object?> Parse(string text) => throw new NotImplementedException();

        public static string Write(object? tree) => throw new NotImplementedException();

        public static string WriteAll(IEnumerable<object?> documents) => throw new NotImplementedException();
    }
}
