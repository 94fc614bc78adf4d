using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Initializers.Serialization;

namespace Initializers.Models
{
    /// <summary>A model config read from JSON or YAML text, a file, or a <c>.keras</c> archive: its dialect, every layer
    /// at any depth, and every initializer slot with its JSON Pointer and line and column. Reading never runs anything
    /// in the document (Lambda code, custom classes) and never constructs objects from YAML tags.</summary>
    public sealed class ModelConfig
    {
        /// <summary>The member of a <c>.keras</c> archive that holds the model config.</summary>
        public const string ArchiveConfigMember = "config.json";

        /// <summary>The largest <c>config.json</c> read from an archive, in bytes (256 MiB).</summary>
        public const long MaxArchiveConfigBytes = 256L * 1024 * 1024;

        private readonly SourceMap? map;

        private ModelConfig(string? text, ConfigFormat format, object document, SourceMap? map, string? sourceName, bool fromArchive)
        {
            Text = text;
            Format = format;
            Document = document;
            this.map = map;
            SourceName = sourceName;
            IsArchive = fromArchive;

            var (model, pointer, dialect) = Unwrap(document, sourceName);
            Model = model;
            ModelPointer = pointer;
            Dialect = dialect;
            var name = (model["config"] as IDictionary)?["name"] as string ?? ModelWalker.ClassOf(model) ?? "model";
            var walker = new ModelWalker(map, sourceName, dialect);
            walker.WalkModel(model, pointer, "", name);
            Layers = walker.Layers;
            Slots = walker.Slots;
            Notes = walker.Notes;
        }

        /// <summary>The source text (for an archive, the text of its <c>config.json</c>); null for a tree given as is.</summary>
        public string? Text { get; }

        /// <summary>Json or Yaml.</summary>
        public ConfigFormat Format { get; }

        /// <summary>Who wrote the config, as far as its keys tell.</summary>
        public ModelDialect Dialect { get; }

        /// <summary>The whole parsed document (mappings are <see cref="System.Collections.Specialized.OrderedDictionary"/>,
        /// sequences <c>object?[]</c>); every <see cref="ModelSlot.Pointer"/> is relative to it.</summary>
        public object Document { get; }

        /// <summary>The model document: <see cref="Document"/> itself, or the <c>modelTopology</c> (and its
        /// <c>model_config</c>) of a TensorFlow.js model.json.</summary>
        public IDictionary Model { get; }

        /// <summary>The JSON Pointer of <see cref="Model"/> in <see cref="Document"/> ("" or <c>/modelTopology</c>).</summary>
        public string ModelPointer { get; }

        /// <summary>The file (or archive) read; null for text.</summary>
        public string? SourceName { get; }

        /// <summary>True when the config came from the <c>config.json</c> of a <c>.keras</c> archive.</summary>
        public bool IsArchive { get; }

        /// <summary>Every layer, in document order (a nested model's layers follow it).</summary>
        public IReadOnlyList<ModelLayer> Layers { get; }

        /// <summary>Every initializer slot, in document order.</summary>
        public IReadOnlyList<ModelSlot> Slots { get; }

        /// <summary>What the walk found wrong with the structure: DuplicateLayerName, LayerGraphCycle and
        /// UnknownInboundLayer (errors), SkippedEntry and EmptyModel (information).</summary>
        public IReadOnlyList<ModelFinding> Notes { get; }

        /// <summary>Reads a model config from JSON or YAML text.</summary>
        /// <param name="text">The text: Keras 3 or Keras 2 <c>to_json()</c>/<c>to_yaml()</c>, a TensorFlow.js model.json.</param>
        /// <param name="sourceName">The file it came from, named in errors and results; null for anonymous text.</param>
        /// <param name="format">Json or Yaml; null decides by the text (JSON when it starts with <c>{</c> or <c>[</c>).</param>
        /// <exception cref="InitializerException"><c>EmptyInput</c>; <c>ConfigParseFailed</c> (with line and column),
        /// <c>DuplicateKey</c>, <c>NestingTooDeep</c>, <c>TooManyNodes</c> from the parsers; <c>MultipleDocuments</c> for a
        /// YAML stream of several; <c>NotAModelConfig</c>; <c>NoLayers</c>.</exception>
        public static ModelConfig Parse(string text, string? sourceName = null, ConfigFormat? format = null) =>
            Parse(text, sourceName, format, fromArchive: false);

        /// <summary>Reads a model config that is already parsed (dictionaries, lists and scalars, as the readers build
        /// them); slots then have no line or column.</summary>
        /// <param name="document">The document.</param>
        /// <param name="sourceName">Where it came from, or null.</param>
        /// <exception cref="InitializerException"><c>NotAModelConfig</c>, <c>NoLayers</c>.</exception>
        public static ModelConfig FromTree(object? document, string? sourceName = null) =>
            new(null, ConfigFormat.Json, document ?? throw new InitializerException("EmptyInput", ErrorKind.InvalidData, "The model config is empty (null).", null), null, sourceName, fromArchive: false);

        /// <summary>Reads a model config file: a <c>.keras</c> archive (a zip; its <c>config.json</c>), or JSON or YAML
        /// text (the format from the extension <c>.json</c>/<c>.yaml</c>/<c>.yml</c>, else from the text).</summary>
        /// <param name="path">The file.</param>
        /// <param name="encoding">The text encoding when the file has no byte order mark; UTF-8 by default.</param>
        /// <exception cref="InitializerException">As <see cref="Parse(string, string, ConfigFormat?)"/>, plus
        /// <c>FileOpenFailed</c>, <c>KerasArchiveInvalid</c>, <c>KerasArchiveNoConfig</c>, <c>KerasArchiveTooLarge</c>.</exception>
        public static ModelConfig ReadFile(string path, Encoding? encoding = null)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                throw new InitializerException("FileOpenFailed", ErrorKind.ReadError, $"Cannot read '{path}': {ex.Message}", path, ex) { SourceName = path };
            }

            var isZip = bytes.Length >= 4 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K' && bytes[2] is 3 or 5 && bytes[3] is 4 or 6;
            if (isZip || string.Equals(Path.GetExtension(path), ".keras", StringComparison.OrdinalIgnoreCase))
            {
                using var stream = new MemoryStream(bytes, writable: false);
                return ReadArchive(stream, path);
            }

            string text;
            using (var reader = new StreamReader(new MemoryStream(bytes), encoding ?? new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true))
            {
                text = reader.ReadToEnd();
            }

            return Parse(text, path, InitializerText.FormatOf(path), fromArchive: false);
        }

        /// <summary>Reads the <c>config.json</c> of a <c>.keras</c> archive (a zip; Keras stores its members
        /// uncompressed, deflated ones read too).</summary>
        /// <param name="archive">The archive's bytes; read, not closed.</param>
        /// <param name="sourceName">The archive's file name, named in errors and results.</param>
        /// <exception cref="InitializerException"><c>KerasArchiveInvalid</c> for a stream that is not a zip;
        /// <c>KerasArchiveNoConfig</c> when it has no <c>config.json</c>; <c>KerasArchiveTooLarge</c> when the member
        /// is larger than <see cref="MaxArchiveConfigBytes"/>; then as <see cref="Parse(string, string, ConfigFormat?)"/>.</exception>
        public static ModelConfig ReadArchive(Stream archive, string? sourceName = null)
        {
            var name = sourceName ?? "the archive";
            string text;
            try
            {
                using var zip = new ZipArchive(archive, ZipArchiveMode.Read, leaveOpen: true);
                var entry = zip.Entries.FirstOrDefault(e => e.FullName == ArchiveConfigMember)
                    ?? throw new InitializerException("KerasArchiveNoConfig", ErrorKind.InvalidData,
                        $"'{name}' has no {ArchiveConfigMember}; a .keras archive holds the model config there. Members: " +
                        (zip.Entries.Count == 0 ? "none" : string.Join(", ", zip.Entries.Select(e => e.FullName))) + ".", sourceName) { SourceName = sourceName };
                if (entry.Length > MaxArchiveConfigBytes)
                {
                    throw TooLarge(name, sourceName);
                }

                using var input = entry.Open();
                using var buffer = new MemoryStream();
                var chunk = new byte[81920];
                int read;
                while ((read = input.Read(chunk, 0, chunk.Length)) > 0)
                {
                    buffer.Write(chunk, 0, read);
                    if (buffer.Length > MaxArchiveConfigBytes)
                    {
                        throw TooLarge(name, sourceName);
                    }
                }

                text = new UTF8Encoding(false).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException)
            {
                throw new InitializerException("KerasArchiveInvalid", ErrorKind.InvalidData,
                    $"'{name}' is not a valid .keras (zip) archive: {ex.Message}", sourceName, ex) { SourceName = sourceName };
            }

            return Parse(text.TrimStart('\uFEFF'), sourceName, ConfigFormat.Json, fromArchive: true);
        }

        /// <summary>Where the value at <paramref name="pointer"/> starts in <see cref="Text"/>.</summary>
        /// <param name="pointer">A JSON Pointer into <see cref="Document"/>.</param>
        /// <param name="line">The 1-based line, or 0.</param>
        /// <param name="column">The 1-based column, or 0.</param>
        /// <returns>False when the pointer names nothing, or the position is not known.</returns>
        public bool TryLocate(string pointer, out int line, out int column)
        {
            line = column = 0;
            var node = (object?)Document;
            (TextPosition Key, TextPosition Value)? entry = null;
            foreach (var token in JsonPointer.Parse(pointer))
            {
                object key = token;
                if (node is IList list and not IDictionary && int.TryParse(token, out var index) && index >= 0 && index < list.Count)
                {
                    key = index;
                }

                if (node is null || map?.EntryOf(node, key) is not { } found || !JsonPointer.TryResolve(node, "/" + JsonPointer.Escape(token), out var child))
                {
                    return false;
                }

                entry = found;
                node = child;
            }

            var at = entry?.Value ?? map?.StartOf(Document);
            if (at is not TextPosition p)
            {
                return false;
            }

            line = p.Line;
            column = p.Column;
            return true;
        }

        private static ModelConfig Parse(string text, string? sourceName, ConfigFormat? format, bool fromArchive)
        {
            if (text is null || text.Trim().Trim('\uFEFF').Length == 0)
            {
                throw new InitializerException("EmptyInput", ErrorKind.InvalidData,
                    Prefix(sourceName) + "The model config text is empty; expected JSON or YAML.", text) { SourceName = sourceName };
            }

            var map = new SourceMap();
            var resolved = InitializerText.ReadAs(text, format);
            object? document;
            try
            {
                // A JSON text is one document; YAML may hold several, and empty ones ("---" alone) are skipped.
                var documents = InitializerText.ParseTrees(text, resolved, map).Where(d => d is not null).ToList();
                if (documents.Count > 1)
                {
                    var second = map.StartOf(documents[1]);
                    throw new InitializerException("MultipleDocuments", ErrorKind.InvalidData,
                        $"The YAML text holds {documents.Count} documents; a model config is one document.", text)
                    {
                        Line = second?.Line,
                        Column = second?.Column,
                    };
                }

                document = documents.FirstOrDefault();
            }
            catch (InitializerException ex)
            {
                throw new InitializerException(ex.ErrorId, ex.Kind, Prefix(sourceName) + ex.Message, ex.Target, ex)
                {
                    SourceName = sourceName,
                    Line = ex.Line,
                    Column = ex.Column,
                };
            }

            if (document is null)
            {
                throw new InitializerException("EmptyInput", ErrorKind.InvalidData, Prefix(sourceName) + "The model config is empty (null).", text) { SourceName = sourceName };
            }

            return new ModelConfig(text, resolved, document, map, sourceName, fromArchive);
        }

        /// <summary>The model document inside <paramref name="document"/>, its pointer and its dialect.</summary>
        private static (IDictionary Model, string Pointer, ModelDialect Dialect) Unwrap(object document, string? sourceName)
        {
            var pointer = "";
            var tfjs = false;
            var node = document as IDictionary;
            if (node?["modelTopology"] is IDictionary topology)
            {
                node = topology;
                pointer = "/modelTopology";
                tfjs = true;
            }

            if (node is not null && ModelWalker.ClassOf(node) is null && node["model_config"] is IDictionary wrapped)
            {
                tfjs |= node["keras_version"] is string v && v.StartsWith("tfjs", StringComparison.Ordinal);
                node = wrapped;
                pointer += "/model_config";
            }

            if (node is null || ModelWalker.ClassOf(node) is not string className || node["config"] is null)
            {
                throw new InitializerException("NotAModelConfig", ErrorKind.InvalidData,
                    Prefix(sourceName) + $"This is not a model config: expected a document with 'class_name' (Sequential, Functional, Model) and 'config', " +
                    $"or a TensorFlow.js model.json with 'modelTopology'; got {Describe(document)}.", document) { SourceName = sourceName };
            }

            if (ModelWalker.LayersOf(node) is not var (layers, _, _) || layers.Count == 0)
            {
                var kind = LayerCatalog.IsModelClass(className) ? $"The {className} model" : $"'{className}' is not a model class and";
                throw new InitializerException(
                    LayerCatalog.IsModelClass(className) ? "NoLayers" : "NotAModelConfig",
                    ErrorKind.InvalidData,
                    Prefix(sourceName) + $"{kind} has no layers (config.layers is missing or empty); nothing to read.",
                    className) { SourceName = sourceName };
            }

            var keras = node["keras_version"] as string;
            tfjs |= node.Contains("className") || (keras?.StartsWith("tfjs", StringComparison.Ordinal) ?? false) || Equals(node["backend"], "tensor_flow.js");
            var dialect = tfjs ? ModelDialect.TensorFlowJs
                : node.Contains("module") || (keras?.StartsWith("3", StringComparison.Ordinal) ?? false) ? ModelDialect.Keras3
                : ModelDialect.Keras2;
            return (node, pointer, dialect);
        }

        private static string Describe(object document) => document switch
        {
            IDictionary d => d.Count == 0 ? "an empty mapping" : "a mapping with keys " + string.Join(", ", d.Keys.Cast<object>().Take(6).Select(k => "'" + k + "'")),
            IList => "a sequence",
            _ => Config.ConfigValues.Format(document),
        };

        private static string Prefix(string? sourceName) => sourceName is null ? "" : "'" + sourceName + "': ";

        private static InitializerException TooLarge(string name, string? sourceName) =>
            new("KerasArchiveTooLarge", ErrorKind.LimitsExceeded,
                $"The {ArchiveConfigMember} of '{name}' is larger than {MaxArchiveConfigBytes / (1024 * 1024)} MiB.", sourceName) { SourceName = sourceName };
    }
}
