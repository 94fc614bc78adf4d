using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using Initializers.IO;
using Initializers.PowerShell.Internal;

namespace Initializers.PowerShell.Commands
{
    /// <summary>Export-Tensor: tensors to a numpy .npy or .npz file, a .safetensors file or CSV. Collects its input and
    /// writes the file once, at the end, through the library's one writer (<see cref="TensorFile"/>), which records each
    /// tensor's provenance and writes through the one atomic writer.</summary>
    [Cmdlet(VerbsData.Export, "Tensor", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "Export-Tensor.md")]
    [OutputType(typeof(FileInfo))]
    public sealed partial class ExportTensorCommand : ExportFileCommandBase
    {
        private readonly List<KeyValuePair<string?, Tensor>> collected = new();

        /// <summary>A tensor, several tensors, or a dictionary of name to tensor.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ParameterSetName = PathSet)]
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ParameterSetName = LiteralPathSet)]
        public object? InputObject { get; set; }

        /// <summary>Npy, Npz, Safetensors or Csv; by default from the extension (.npz: Npz, .safetensors: Safetensors,
        /// .csv: Csv, else Npy).</summary>
        [Parameter]
        [ValidateSet("Npy", "Npz", "Safetensors", "Csv")]
        public string? Format { get; set; }

        /// <summary>The names of the tensors that arrive without one, in order (.npz and .safetensors names).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        /// <summary>Deflate the .npz members (numpy.savez_compressed).</summary>
        [Parameter]
        public SwitchParameter Compress { get; set; }

        /// <summary>For .npy and .csv: also write the tensor's provenance to the sidecar file PATH.json (.npz and
        /// .safetensors always record it in the file).</summary>
        [Parameter]
        public SwitchParameter Provenance { get; set; }

        /// <summary>Collects the tensors of one input.</summary>
        protected override void ProcessRecord()
        {
            if (Initializer is null)
            {
                Collect(InputObject, true);
            }
        }

        /// <summary>Names the tensors and writes the file.</summary>
        protected override void EndProcessing()
        {
            if (Initializer is not null)
            {
                ExportStreaming(Format is null ? TensorFile.FormatOf(Target) : (TensorFileFormat)Enum.Parse(typeof(TensorFileFormat), Format, ignoreCase: true));
                return;
            }

            // Tensors without a name (from a dictionary or Import-Tensor) take -Name in order, then arr_0, arr_1, ...
            // as numpy.savez names its positional arguments.
            var named = new List<KeyValuePair<string, Tensor>>();
            var unnamed = 0;
            var positional = 0;
            foreach (var pair in collected)
            {
                var name = pair.Key;
                if (name is null)
                {
                    name = Name is not null && unnamed < Name.Length ? Name[unnamed] : "arr_" + (positional++).ToString(CultureInfo.InvariantCulture);
                    unnamed++;
                }

                named.Add(new KeyValuePair<string, Tensor>(name, pair.Value));
            }

            // The file is checked (one tensor for .npy and .csv, dtypes, names) by the library before anything is written;
            // ValidateSet ignores case, so -Format csv arrives as typed and is parsed without case too.
            Commit((path, force) => TensorFile.Write(path, named, new TensorWriteOptions
            {
                Format = Format is null ? null : (TensorFileFormat)Enum.Parse(typeof(TensorFileFormat), Format, ignoreCase: true),
                Compress = Compress,
                ProvenanceSidecar = Provenance,
                OverwriteReadOnly = force,
                Cancellation = StopToken,
            }));
        }

        private void Collect(object? input, bool top)
        {
            var name = input is PSObject pso && pso.Properties["Name"]?.Value is string n && pso.BaseObject is Tensor ? n : null;
            var value = input is PSObject wrapped ? wrapped.BaseObject : input;
            switch (value)
            {
                case Tensor tensor:
                    collected.Add(new KeyValuePair<string?, Tensor>(name, tensor));
                    return;
                case IDictionary dictionary when top:
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        var tensorValue = entry.Value is PSObject p ? p.BaseObject : entry.Value;
                        if (tensorValue is not Tensor t)
                        {
                            ThrowTerminatingError(Errors.New("InvalidTensorInput", ErrorCategory.InvalidType, $"The dictionary value for '{entry.Key}' is {Describe(tensorValue)}, not a tensor.", entry.Value));
                            return;
                        }

                        collected.Add(new KeyValuePair<string?, Tensor>(Convert.ToString(entry.Key, CultureInfo.InvariantCulture), t));
                    }

                    return;
                case IEnumerable items when top && value is not string:
                    foreach (var item in items)
                    {
                        Collect(item, false);
                    }

                    return;
                default:
                    ThrowTerminatingError(Errors.New("InvalidTensorInput", ErrorCategory.InvalidType, $"Export-Tensor takes tensors or a dictionary of name to tensor; got {Describe(value)}.", input));
                    return;
            }
        }

        private static string Describe(object? value) => value is null ? "null" : $"a {value.GetType().Name} ({value})";
    }
}
