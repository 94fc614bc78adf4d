using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using System.Management.Automation;
using Initializers.IO;
using Initializers.PowerShell.Completers;
using Initializers.PowerShell.Internal;

namespace Initializers.PowerShell.Commands
{
    /// <summary>Import-Tensor: tensors from numpy .npy and .npz files, .safetensors files and CSV (.csv, read as
    /// numpy.loadtxt reads it), through the library's one reader (<see cref="TensorFile"/>), each with its name (the
    /// member name, or the file's base name), its file and its provenance (null when the file records none) as the
    /// NoteProperties Name, Path and Provenance. -DType and -MinimumRank apply to CSV only: the other formats record their own dtype and
    /// shape, so either one with such a file is an error for that file.</summary>
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

        /// <summary>The dtype of the values of a .csv file (numpy.loadtxt's dtype): float64 by default.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(DTypeCompleter))]
        [ValidateNotNullOrEmpty]
        public string? DType { get; set; }

        /// <summary>The least rank of a tensor read from a .csv file (numpy.loadtxt's ndmin): 0, 1 or 2.</summary>
        [Parameter]
        [ValidateRange(0, 2)]
        public int? MinimumRank { get; set; }

        /// <summary>Starts the dictionary of -AsHashtable.</summary>
        protected override void BeginProcessing()
        {
            // An unknown -DType stops before any file is read. (No field holds the parsed DType: a field of a library
            // value type would load the library with the cmdlet type, before the module's resolver is in place.)
            try
            {
                DTypes.Parse(DType ?? "float64");
            }
            catch (InitializerException ex)
            {
                ThrowTerminatingError(Errors.From(ex, DType));
            }

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
                var csv = TensorFile.FormatOf(file) == TensorFileFormat.Csv;
                if (!csv && (DType is not null || MinimumRank is not null))
                {
                    WriteError(Errors.New(
                        "CsvOptionNotApplicable",
                        ErrorCategory.InvalidArgument,
                        $"-DType and -MinimumRank apply to .csv files only; '{file}' is read with the dtype and shape it records.",
                        file));
                    return;
                }

                tensors = TensorFile.Read(file, selected, new TensorReadOptions { CsvDType = DTypes.Parse(DType ?? "float64"), CsvMinimumRank = MinimumRank ?? 0, Cancellation = StopToken });
            }
            catch (InitializerException ex)
            {
                WriteError(Errors.From(ex, file));
                return;
            }
            catch (OutOfMemoryException ex)
            {
                WriteError(Errors.OutOfMemory(ex, file));
                return;
            }
            catch (OperationCanceledException) when (IsStopping)
            {
                throw new PipelineStoppedException();
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
                output.Properties.Add(new PSNoteProperty("Provenance", pair.Value.GetProvenance()));
                WriteObject(output);
            }
        }
    }
}
