using System.IO;
using System.Management.Automation;
using Initializers.PowerShell.Internal;

namespace Initializers.PowerShell.Commands
{
    /// <summary>The one input path of the cmdlets that read documents from -Path, -LiteralPath or -InputObject
    /// (Test-InitializerConfig, and Get-ModelInitializer, Test-ModelConfig and Initialize-ModelWeight through
    /// <see cref="ModelCommandBase"/>). Paths are resolved as Get-Content resolves them; piped strings are collected
    /// into texts (<see cref="PipelineText"/>: the lines of one file are one text) and read when something else arrives
    /// or the pipeline ends; a FileInfo is read as the file it names; any other object as an already parsed document.
    /// The parameters stay on the cmdlets (their positions and pipeline bindings differ); the dispatch is here.</summary>
    public abstract class DocumentInputCommandBase : PSCmdlet
    {
        /// <summary>The parameter set of -InputObject.</summary>
        private protected const string ObjectSet = "InputObject";

        /// <summary>The parameter set of -Path.</summary>
        private protected const string PathSet = "Path";

        /// <summary>The parameter set of -LiteralPath.</summary>
        private protected const string LiteralPathSet = "LiteralPath";

        /// <summary>The piped strings not read yet.</summary>
        private protected PipelineText Text { get; } = new();

        /// <summary>Reads the texts collected so far (see <see cref="ReadText"/>), then ends the pipeline.</summary>
        protected override void EndProcessing() => ReadText();

        /// <summary>Hands one pipeline record to the readers: each file the paths name (path sets), or the input
        /// object (the object set).</summary>
        /// <param name="paths">-Path.</param>
        /// <param name="literalPaths">-LiteralPath.</param>
        /// <param name="inputObject">-InputObject.</param>
        private protected void ProcessInput(string[] paths, string[] literalPaths, object? inputObject)
        {
            if (ParameterSetName != ObjectSet)
            {
                var literal = ParameterSetName == LiteralPathSet;
                foreach (var path in literal ? literalPaths : paths)
                {
                    ReadFiles(path, literal);
                }

                return;
            }

            var value = InputConverter.Unwrap(inputObject);
            switch (value)
            {
                case null:
                    return;
                case string line:
                    Text.Add(inputObject, line);
                    return;
                case FileSystemInfo file:
                    // Get-ChildItem *.yaml | <cmdlet>: the file is read, not its name.
                    ReadText();
                    ReadFiles(file.FullName, literal: true);
                    return;
                default:
                    ReadText();
                    ReadObject(value);
                    return;
            }
        }

        /// <summary>Reads one existing file (a full path).</summary>
        /// <param name="file">The file.</param>
        private protected abstract void ReadFile(string file);

        /// <summary>Reads one object that is not text or a file (a dictionary, a PSCustomObject, ...).</summary>
        /// <param name="value">The unwrapped object.</param>
        private protected abstract void ReadObject(object value);

        /// <summary>Reads the texts collected in <see cref="Text"/> so far, and forgets them.</summary>
        private protected abstract void ReadText();

        /// <summary>Called when a path names no file (the path resolution has already written the error).</summary>
        private protected virtual void NoFileMatched()
        {
        }

        private void ReadFiles(string path, bool literal)
        {
            var files = PathHelper.ResolveExisting(this, path, literal);
            if (files.Count == 0)
            {
                NoFileMatched();
            }

            foreach (var file in files)
            {
                ReadFile(file);
            }
        }
    }
}
