using System.Collections.Generic;
using System.Linq;
using Initializers.Serialization;

namespace Initializers.PowerShell.Internal
{
    /// <summary>Initializers to text, shared by ConvertTo- and Export-InitializerConfig: one initializer gives one
    /// document; several (or -AsArray) give a JSON array, or a multi-document YAML stream (-AsArray: one YAML
    /// document holding a sequence); none gives an empty list, <c>[]</c>, in either format.</summary>
    internal static class ConfigWriter
    {
        /// <summary>The text of <paramref name="collected"/>; with <paramref name="includeEffectiveSeed"/> (-IncludeEffectiveSeed)
        /// an unseeded initializer is written with its drawn seed.</summary>
        public static string Write(IReadOnlyList<object> collected, ConfigFormat format, KerasStyle style, bool compress, bool asArray, bool includeEffectiveSeed)
        {
            var initializers = collected.Cast<Initializer>().Select(i => includeEffectiveSeed ? i.WithEffectiveSeed() : i).ToList();
            if (initializers.Count == 1 && !asArray)
            {
                return InitializerText.Write(initializers[0], format, style, compress);
            }

            if (format == ConfigFormat.Yaml && (asArray || initializers.Count == 0))
            {
                return InitializerText.WriteList(initializers, format, style);
            }

            return InitializerText.WriteAll(initializers, format, style, compress);
        }
    }
}
