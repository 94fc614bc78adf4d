using System;
using System.Management.Automation;
using System.Text;
using Initializers.Models;
using Initializers.PowerShell.Completers;
using Initializers.PowerShell.Internal;

namespace Initializers.PowerShell.Commands
{
    /// <summary>What Get-ModelInitializer and Test-ModelConfig share: the model comes from -Path (wildcards; a
    /// <c>.keras</c> archive or JSON/YAML text), -LiteralPath (binds PSPath of piped files), or -InputObject (text,
    /// whole or line by line from Get-Content, a FileInfo, or an already parsed dictionary). Each model is read once
    /// and handed to <see cref="ProcessModel"/>; one that cannot be read goes to <see cref="ProcessFailure"/>.</summary>
    public abstract class ModelCommandBase : DocumentInputCommandBase
    {
        /// <summary>Model config files (<c>.json</c>, <c>.yaml</c>, TensorFlow.js <c>model.json</c>, <c>.keras</c>); wildcards allowed.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Model config files, taken literally (no wildcards); binds the PSPath of piped files.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>Model config text (whole, or line by line from Get-Content), a file (FileInfo), or a parsed
        /// dictionary or PSCustomObject.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ObjectSet)]
        [AllowNull]
        [AllowEmptyString]
        public object? InputObject { get; set; }

        /// <summary>The text encoding of files; UTF-8 by default, or what a byte order mark says.</summary>
        [Parameter]
        [EncodingTransformation]
        [ArgumentCompleter(typeof(EncodingCompleter))]
        public Encoding Encoding { get; set; } = new UTF8Encoding(false);

        /// <inheritdoc/>
        protected override void ProcessRecord() => ProcessInput(Path, LiteralPath, InputObject);

        /// <summary>Called with each model read.</summary>
        /// <param name="model">The model (its <c>SourceName</c> is the file, or null for text).</param>
        private protected abstract void ProcessModel(ModelConfig model);

        /// <summary>Called for each input that is not a readable model config (its ErrorId and a message naming the
        /// file, line and column), and with null for a path that named no file.</summary>
        /// <param name="error">The library's error, or null when the path resolution already wrote the error.</param>
        private protected abstract void ProcessFailure(InitializerException? error);

        private protected override void NoFileMatched() => ProcessFailure(null);

        private protected override void ReadFile(string file) => Read(() => ModelConfig.ReadFile(file, Encoding));

        private protected override void ReadObject(object value) => Read(() => ModelConfig.FromTree(InputConverter.ToTree(value)));

        private protected override void ReadText()
        {
            foreach (var (path, content) in Text.TakeTexts())
            {
                Read(() => ModelConfig.Parse(content, path));
            }
        }

        private void Read(Func<ModelConfig> read)
        {
            ModelConfig model;
            try
            {
                model = read();
            }
            catch (InitializerException ex)
            {
                ProcessFailure(ex);
                return;
            }

            ProcessModel(model);
        }
    }
}
