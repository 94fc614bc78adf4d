using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Initializers.Serialization
{
    /// <summary>JSON Pointers (RFC 6901): <c>/config/layers/0/config/kernel_initializer</c>. A token escapes <c>~</c>
    /// as <c>~0</c> and <c>/</c> as <c>~1</c>; the empty pointer is the whole document.</summary>
    public static class JsonPointer
    {
        /// <summary>The pointer <paramref name="pointer"/> extended by one key or index.</summary>
        /// <param name="pointer">A pointer ("" for the root).</param>
        /// <param name="token">A mapping key or a sequence index (an int).</param>
        public static string Append(string pointer, object token) =>
            pointer + "/" + Escape(Convert.ToString(token, CultureInfo.InvariantCulture) ?? "");

        /// <summary>One reference token with <c>~</c> and <c>/</c> escaped.</summary>
        /// <param name="token">The key as it is in the document.</param>
        public static string Escape(string token) => token.Replace("~", "~0").Replace("/", "~1");

        /// <summary>The reference tokens of <paramref name="pointer"/>, unescaped.</summary>
        /// <param name="pointer">"" or a pointer starting with <c>/</c>.</param>
        /// <exception cref="InitializerException"><c>InvalidJsonPointer</c> for text that is not a pointer.</exception>
        public static IReadOnlyList<string> Parse(string pointer)
        {
            if (pointer is null || (pointer.Length > 0 && pointer[0] != '/'))
            {
                throw new InitializerException("InvalidJsonPointer", ErrorKind.InvalidArgument,
                    $"'{pointer}' is not a JSON Pointer: it must be empty or start with '/'.", pointer);
            }

            if (pointer.Length == 0)
            {
                return Array.Empty<string>();
            }

            return pointer.Substring(1).Split('/').Select(t => t.Replace("~1", "/").Replace("~0", "~")).ToList();
        }

        /// <summary>The value <paramref name="pointer"/> names in a parsed tree (mappings and sequences as the readers
        /// build them), or false when it names nothing.</summary>
        /// <param name="root">The document.</param>
        /// <param name="pointer">The pointer.</param>
        /// <param name="value">The value found; null when nothing is found (or the value is null).</param>
        public static bool TryResolve(object? root, string pointer, out object? value)
        {
            value = root;
            foreach (var token in Parse(pointer))
            {
                switch (value)
                {
                    case IDictionary map when map.Contains(token):
                        value = map[token];
                        break;
                    case IList list when !(value is IDictionary) && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < list.Count
                        && (token == "0" || token[0] != '0'):
                        value = list[i];
                        break;
                    default:
                        value = null;
                        return false;
                }
            }

            return true;
        }
    }
}
