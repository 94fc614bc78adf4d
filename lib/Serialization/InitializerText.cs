using System.Collections.Generic;
using System.Linq;
using Initializers.Config;

namespace Initializers.Serialization
{
    /// <summary>Initializers to and from JSON or YAML text, in Keras 3 or Keras 2 form.</summary>
    public static class InitializerText
    {
        /// <summary>Text for one initializer.</summary>
        /// <param name="initializer">The initializer to write; its config as <see cref="Initializer.GetConfig(KerasStyle)"/> gives it.</param>
        /// <param name="format">JSON (default) or YAML.</param>
        /// <param name="style">Keras 3 document (default) or the Keras 2 legacy form.</param>
        /// <param name="compress">JSON only: one line with Python's separators instead of two-space indentation.</param>
        public static string Write(Initializer initializer, ConfigFormat format = ConfigFormat.Json, KerasStyle style = KerasStyle.Keras3, bool compress = false) =>
            format == ConfigFormat.Json
                ? JsonText.Write(KerasConfig.ToDocument(initializer, style), compress)
                : YamlText.Write(KerasConfig.ToDocument(initializer, style));

        /// <summary>Text for several initializers: a JSON array, or a multi-document YAML stream.</summary>
        /// <param name="initializers">The initializers, written in order.</param>
        /// <param name="format">JSON (default) or YAML.</param>
        /// <param name="style">Keras 3 document (default) or the Keras 2 legacy form.</param>
        /// <param name="compress">JSON only: one line with Python's separators instead of two-space indentation.</param>
        public static string WriteAll(IEnumerable<Initializer> initializers, ConfigFormat format = ConfigFormat.Json, KerasStyle style = KerasStyle.Keras3, bool compress = false)
        {
            var docs = initializers.Select(i => (object?)KerasConfig.ToDocument(i, style)).ToArray();
            return format == ConfigFormat.Json ? JsonText.Write(docs, compress) : YamlText.WriteAll(docs);
        }

        /// <summary>Text for several initializers as one document holding a list: a JSON array (as
        /// <see cref="WriteAll"/> writes JSON), or one YAML document whose value is a sequence (where
        /// <see cref="WriteAll"/> writes one YAML document per initializer). No initializers give <c>[]</c>.</summary>
        /// <param name="initializers">The initializers, written in order.</param>
        /// <param name="format">JSON (default) or YAML.</param>
        /// <param name="style">Keras 3 document (default) or the Keras 2 legacy form.</param>
        /// <param name="compress">JSON only: one line with Python's separators instead of two-space indentation.</param>
        public static string WriteList(IEnumerable<Initializer> initializers, ConfigFormat format = ConfigFormat.Json, KerasStyle style = KerasStyle.Keras3, bool compress = false)
        {
            var docs = initializers.Select(i => (object?)KerasConfig.ToDocument(i, style)).ToArray();
            return format == ConfigFormat.Json ? JsonText.Write(docs, compress) : YamlText.Write(docs);
        }

        /// <summary>The parsed documents of <paramref name="text"/>. With no format given, text that starts like JSON
        /// (<c>{</c>, <c>[</c> or <c>"</c>) is read as JSON, anything else as YAML (which also covers bare names).</summary>
        /// <param name="text">JSON or YAML text.</param>
        /// <param name="format">The format; null to detect it from the text.</param>
        public static IReadOnlyList<object?> ParseDocuments(string text, ConfigFormat? format = null)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new InitializerException("EmptyInput", ErrorKind.InvalidData, "The config text is empty; expected JSON, YAML or an initializer name.", text);
            }

            return ParseTrees(text, ReadAs(text, format), null);
        }

        /// <summary><paramref name="format"/>, or when it is null the format <paramref name="text"/> looks like (see
        /// <see cref="LooksLikeJson"/>). The one place that decides how a text is read.</summary>
        internal static ConfigFormat ReadAs(string text, ConfigFormat? format) =>
            format ?? (LooksLikeJson(text) ? ConfigFormat.Json : ConfigFormat.Yaml);

        /// <summary>The documents of <paramref name="text"/> in <paramref name="format"/> (a JSON text is one), with
        /// their places recorded in <paramref name="map"/> when given.</summary>
        internal static IReadOnlyList<object?> ParseTrees(string text, ConfigFormat format, SourceMap? map) =>
            format == ConfigFormat.Json ? new[] { JsonText.Parse(text, map) } : YamlText.Parse(text, TreeLimits.MaxNodes, map);

        /// <summary>Every initializer in <paramref name="text"/>: one per document, one per element of a top-level list.</summary>
        /// <exception cref="InitializerException">The first element's error (see <see cref="InitializerReader.ReadText"/>
        /// for reading past it).</exception>
        /// <param name="text">JSON or YAML text, or a bare name.</param>
        /// <param name="format">The format; null to detect it from the text.</param>
        public static IReadOnlyList<Initializer> Parse(string text, ConfigFormat? format = null)
        {
            var results = InitializerReader.ReadText(text, new ReadOptions(format: format));
            var failed = results.FirstOrDefault(r => r.Error is not null);
            if (failed is not null)
            {
                throw failed.Error!;
            }

            return results.Select(r => r.Initializer!).ToList();
        }

        /// <summary>Json or Yaml by a path's extension (<c>.json</c>; <c>.yaml</c> or <c>.yml</c>, any case); null when
        /// the extension says nothing.</summary>
        /// <param name="path">A file path or name.</param>
        public static ConfigFormat? FormatOf(string path) => System.IO.Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".json" => ConfigFormat.Json,
            ".yaml" or ".yml" => ConfigFormat.Yaml,
            _ => null,
        };

        /// <summary>True when <paramref name="text"/> starts (after white space) with <c>{</c>, <c>[</c> or <c>"</c>.</summary>
        /// <param name="text">The text to classify.</param>
        public static bool LooksLikeJson(string text)
        {
            var t = text.TrimStart();
            return t.Length > 0 && (t[0] == '{' || t[0] == '[' || t[0] == '"');
        }
    }
}
