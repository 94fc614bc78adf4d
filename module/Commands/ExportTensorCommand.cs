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
    /// <summary>Export-Tensor: tensors to a numpy .npy or .npz file or to CSV. Collects its input and writes the file
    /// once, at the end, through the library (<see cref="Npy"/>, <see cref="Npz"/>, <see cref="Csv"/>), which writes
    /// through the one atomic writer.</summary>
    [Cmdlet(VerbsData.Export, "Tensor", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, HelpUri = HelpLinks.Docs + "Export-Tensor.md")]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportTensorCommand : ExportFileCommandBase
    {
        private readonly List<KeyValuePair<string?, Tensor>> collected = new();

        /// <summary>A tensor, several tensors, or a dictionary of name to tensor.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
        public object? InputObject { get; set; }

        /// <summary>Npy, Npz or Csv; by default from the extension (.npz: Npz, .csv: Csv, else Npy).</summary>
        [Parameter]
        [ValidateSet("Npy", "Npz", "Csv")]
        public string? Format { get; set; }

        /// <summary>The names of the tensors that arrive without one, in order (.npz member names).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        /// <summary>Deflate the .npz members (numpy.savez_compressed).</summary>
        [Parameter]
        public SwitchParameter Compress { get; set; }

        /// <summary>Collects the tensors of one input.</summary>
        protected override void ProcessRecord() => Collect(InputObject, true);

        /// <summary>Names the tensors and writes the file.</summary>
        protected override void EndProcessing()
        {
            // ValidateSet ignores case, so -Format csv arrives as typed: compare without case too.
            var format = Format is not null
                ? (string.Equals(Format, "Npz", StringComparison.OrdinalIgnoreCase) ? "Npz" : string.Equals(Format, "Csv", StringComparison.OrdinalIgnoreCase) ? "Csv" : "Npy")
                : Target.EndsWith(".npz", StringComparison.OrdinalIgnoreCase) ? "Npz" : Target.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? "Csv" : "Npy";
            if (format != "Npz" && collected.Count != 1)
            {
                ThrowTerminatingError(Errors.New(
                    format + "NeedsOneTensor",
                    ErrorCategory.InvalidArgument,
                    $"A .{format.ToLowerInvariant()} file holds exactly one tensor; {collected.Count} were given for '{Target}'. Write several into one .npz file (a .npz path or -Format Npz).",
                    Target));
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

            Commit((path, force) =>
            {
                if (format == "Npz")
                {
                    Npz.Write(path, named, Compress, force, StopToken);
                }
                else if (format == "Csv")
                {
                    Csv.Write(path, named[0].Value, force, StopToken);
                }
                else
                {
                    Npy.Write(path, named[0].Value, force, StopToken);
                }
            });
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
