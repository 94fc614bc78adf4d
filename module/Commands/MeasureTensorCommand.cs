using System.Collections;
using System.Management.Automation;
using Initializers.PowerShell.Completers;
using Initializers.PowerShell.Internal;
using Initializers.Statistics;

namespace Initializers.PowerShell.Commands
{
    /// <summary>Measure-Tensor: count, mean, std, min, max, NaN and ±Inf counts and a histogram of each tensor
    /// (<see cref="TensorStatistics.Measure(Tensor, Initializer, int)"/>), next to what its initializer expects when
    /// that is known: from -Initializer, else from an <c>Initializer</c> (or <c>Provenance.Initializer</c>) property
    /// the piped tensor carries.</summary>
    [Cmdlet(VerbsDiagnostic.Measure, "Tensor", HelpUri = HelpLinks.Docs + "Measure-Tensor.md")]
    [OutputType("Initializers.Statistics.TensorMeasurement")]
    public sealed class MeasureTensorCommand : PSCmdlet
    {
        private Initializer? given;

        /// <summary>A tensor, or several.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        public object? InputObject { get; set; }

        /// <summary>The initializer that made the tensors (object, name, Keras document or JSON/YAML text), for the
        /// expected mean, std and bounds.</summary>
        [Parameter(Position = 1)]
        [ArgumentCompleter(typeof(InitializerNameCompleter))]
        public object? Initializer { get; set; }

        /// <summary>The number of equal-width histogram bins (numpy's default, 10).</summary>
        [Parameter]
        [ValidateRange(1, 1000)]
        public int Bins { get; set; } = TensorStatistics.DefaultBins;

        /// <summary>Reads -Initializer once: it must name exactly one initializer.</summary>
        protected override void BeginProcessing()
        {
            if (Initializer is null)
            {
                return;
            }

            var results = InputConverter.Read(Initializer);
            if (results.Count == 1 && results[0].Error is { } error)
            {
                ThrowTerminatingError(Errors.From(error, Initializer));
            }

            if (results.Count != 1)
            {
                ThrowTerminatingError(Errors.New(
                    "OneInitializerExpected",
                    ErrorCategory.InvalidArgument,
                    $"-Initializer must name one initializer; it gave {results.Count}.",
                    Initializer));
            }

            given = results[0].Initializer;
        }

        /// <summary>Measures the tensors of one input.</summary>
        protected override void ProcessRecord()
        {
            var value = InputObject is PSObject pso ? pso.BaseObject : InputObject;
            if (value is Tensor tensor)
            {
                Measure(tensor, InputObject as PSObject);
                return;
            }

            if (value is IEnumerable items and not string and not IDictionary)
            {
                foreach (var item in items)
                {
                    if ((item is PSObject p ? p.BaseObject : item) is Tensor t)
                    {
                        Measure(t, item as PSObject);
                    }
                    else
                    {
                        WriteError(NotATensor(item));
                    }
                }

                return;
            }

            WriteError(NotATensor(InputObject));
        }

        private void Measure(Tensor tensor, PSObject? wrapper)
        {
            // The initializer that made the tensor: -Initializer, else an Initializer/Provenance property of the piped
            // object (Import-Tensor's), else the provenance a tensor made by an initializer carries.
            var initializer = given;
            var attached = given is null ? Attached(wrapper) : null;
            if (given is null && attached is null && tensor.GetProvenance() is { } provenance)
            {
                initializer = provenance.Initializer;
            }

            if (attached is not null)
            {
                var results = InputConverter.Read(attached);
                if (results.Count == 1 && results[0].Initializer is { } found)
                {
                    initializer = found;
                    try
                    {
                        TensorStatistics.Expected(found, tensor.Shape, tensor.DType);
                    }
                    catch (InitializerException ex)
                    {
                        WriteWarning("The tensor's Initializer property does not fit it, so nothing is expected: " + ex.Message);
                        initializer = null;
                    }
                }
                else
                {
                    WriteWarning("The tensor's Initializer property does not name one initializer, so nothing is expected.");
                }
            }

            try
            {
                WriteObject(TensorStatistics.Measure(tensor, initializer, Bins));
            }
            catch (InitializerException ex)
            {
                WriteError(Errors.From(ex, tensor));
            }
        }

        /// <summary>An <c>Initializer</c> property of the piped object (a note property, or a member of a future tensor
        /// type), or the <c>Initializer</c> of its <c>Provenance</c>.</summary>
        private static object? Attached(PSObject? wrapper)
        {
            if (wrapper is null)
            {
                return null;
            }

            if (wrapper.Properties["Initializer"]?.Value is { } direct)
            {
                return direct;
            }

            var provenance = wrapper.Properties["Provenance"]?.Value;
            return provenance is null ? null : PSObject.AsPSObject(provenance).Properties["Initializer"]?.Value;
        }

        private static ErrorRecord NotATensor(object? input)
        {
            var value = input is PSObject p ? p.BaseObject : input;
            var what = value is null ? "null" : $"a {value.GetType().Name}";
            return Errors.New("InvalidTensorInput", ErrorCategory.InvalidType, $"Measure-Tensor takes tensors; got {what}.", input);
        }
    }
}
