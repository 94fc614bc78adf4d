using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Initializers.IO;
using Initializers.PowerShell.Internal;

namespace Initializers.PowerShell.Commands
{
    /// <summary>Import-Tensor: tensors from numpy .npy and .npz files, each with its name (the .npz member name without
    /// .npy, or the .npy file's base name) and its file as the NoteProperties Name and Path.</summary>
    [Cmdlet(VerbsData.Import, "Tensor", DefaultParameterSetName = PathSet, HelpUri = HelpLinks.Docs + "Import-Tensor.md")]
    [OutputType(typeof(Tensor), typeof(OrderedDictionary))]
    public sealed class ImportTensorCommand : ImportFileCommandBase
    {
        private OrderedDictionary? table;

        /// <summary>Only the tensors whose names match (wildcards allowed).</summary>
        [Parameter(Position = 1)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        /// <summary>One ordered dictionary of name to tensor instead of the tensors.</summary>
        [Parameter]
        public SwitchParameter AsHashtable { get; set; }

        /// <summary>Starts the dictionary of -AsHashtable.</summary>
        protected override void BeginProcessing()
        {
            if (AsHashtable)
            {
                table = new OrderedDictionary(StringComparer.Ordinal);
            }
        }

        /// <summary>Reads each file.</summary>
        protected override void ProcessRecord()
        {
            var patterns = Name?.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
            foreach (var file in Files())
            {
                Read(file, patterns);
            }
        }

        /// <summary>Writes the dictionary of -AsHashtable.</summary>
        protected override void EndProcessing()
        {
            if (table is not null)
            {
                WriteObject(table);
            }
        }

        private void Read(string file, WildcardPattern[]? patterns)
        {
            Func<string, bool> selected = name => patterns is null || patterns.Any(p => p.IsMatch(name));
            IReadOnlyList<KeyValuePair<string, Tensor>> tensors;
            try
            {
                if (IsZip(file))
                {
                    tensors = Npz.Read(file, selected);
                }
                else
                {
                    var name = System.IO.Path.GetFileNameWithoutExtension(file);
                    tensors = selected(name) ? new[] { new KeyValuePair<string, Tensor>(name, Npy.Read(file)) } : Array.Empty<KeyValuePair<string, Tensor>>();
                }
            }
            catch (InitializerException ex)
            {
                WriteError(Errors.From(ex, file));
                return;
            }

            // A name without wildcards that matches nothing is an error, as Get-Item's is; a wildcard may match nothing.
            foreach (var wanted in Name ?? Array.Empty<string>())
            {
                if (!WildcardPattern.ContainsWildcardCharacters(wanted) && !tensors.Any(t => string.Equals(t.Key, wanted, StringComparison.OrdinalIgnoreCase)))
                {
                    WriteError(Errors.New("TensorNotFound", ErrorCategory.ObjectNotFound, $"'{file}' has no tensor named '{wanted}'.", wanted));
                }
            }

            foreach (var pair in tensors)
            {
                if (table is not null)
                {
                    if (table.Contains(pair.Key))
                    {
                        WriteError(Errors.New("DuplicateTensorName", ErrorCategory.InvalidData, $"The tensor name '{pair.Key}' in '{file}' was already read from another file; the first one is kept.", pair.Key));
                        continue;
                    }

                    table.Add(pair.Key, pair.Value);
                    continue;
                }

                var output = new PSObject(pair.Value);
                output.Properties.Add(new PSNoteProperty("Name", pair.Key));
                output.Properties.Add(new PSNoteProperty("Path", file));
                WriteObject(output);
            }
        }

        private static bool IsZip(string file)
        {
            try
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read);
                var head = new byte[2];
                return stream.Read(head, 0, 2) == 2 && head[0] == (byte)'P' && head[1] == (byte)'K';
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return false; // Npy.Read reports it with the library's error.
            }
        }
    }
}
