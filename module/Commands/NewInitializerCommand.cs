using System;
using System.Collections;
using System.Collections.Specialized;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Numerics;
using Initializers.PowerShell.Completers;
using Initializers.PowerShell.Internal;
using Initializers.Serialization;

namespace Initializers.PowerShell.Commands
{
    /// <summary>New-Initializer: an initializer from its class name (or any alias) and its constructor arguments; or
    /// from anything else that names one (a Keras document as dictionary or PSCustomObject, JSON/YAML text, an
    /// initializer object), or from a table row (Import-Csv) whose Name/ClassName column names the class and whose
    /// other columns are the seed and the config keys.</summary>
    [Cmdlet(VerbsCommon.New, "Initializer", HelpUri = HelpLinks.Docs + "New-Initializer.md")]
    [OutputType("Initializers.Initializer")]
    public sealed class NewInitializerCommand : PSCmdlet
    {
        /// <summary>The row properties that name the class.</summary>
        private static readonly string[] NameColumns = { "Name", "ClassName", "class_name" };

        /// <summary>The class name or alias (Zeros, Constant, GlorotUniform, glorot_uniform, heNormal, ...), a Keras
        /// document (dictionary, PSCustomObject or JSON/YAML text), an initializer, or a row with a Name column.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [Alias("ClassName", "InputObject")]
        [ArgumentCompleter(typeof(InitializerNameCompleter))]
        [ValidateNotNull]
        public object Name { get; set; } = "";

        /// <summary>The constructor arguments (Keras config keys), for example @{ value = 3 } or @{ mean = 0; stddev = 1 }:
        /// a dictionary or a PSCustomObject (ConvertFrom-Json output).</summary>
        [Parameter(Position = 1)]
        [AllowNull]
        [ArgumentCompleter(typeof(ConfigCompleter))]
        public object? Config { get; set; }

        /// <summary>The seed: a whole number in the Int64 range, also as text ('7', '-1', $env:SEED); sets the config's
        /// 'seed' key (an error for classes without one). Typed object so that 1.5 is refused (InvalidSeed) rather than
        /// rounded by parameter binding.</summary>
        [Parameter]
        [AllowNull]
        public object? Seed { get; set; }

        protected override void ProcessRecord()
        {
            var value = InputConverter.Unwrap(Name);
            try
            {
                switch (value)
                {
                    case string text when InitializerReader.IsName(text):
                        Build(text.Trim(), InputConverter.ToTree(Config), MyInvocation.BoundParameters.ContainsKey(nameof(Seed)), Seed);
                        return;
                    case InitializerInfo info:
                        // Get-Initializer HeNormal | New-Initializer -Seed 1
                        Build(info.ClassName, InputConverter.ToTree(Config), MyInvocation.BoundParameters.ContainsKey(nameof(Seed)), Seed);
                        return;
                    case PSObject row when !IsDocument(row):
                        FromRow(row);
                        return;
                }
            }
            catch (InitializerException ex)
            {
                WriteError(Errors.From(ex, value));
                return;
            }

            // A whole document (or an initializer): its config is in it, so -Config and -Seed would be a second one.
            foreach (var extra in new[] { nameof(Config), nameof(Seed) }.Where(MyInvocation.BoundParameters.ContainsKey))
            {
                WriteError(Errors.New(
                    "ParameterWithDocument",
                    ErrorCategory.InvalidArgument,
                    $"-{extra} goes with a class name; the input is a whole initializer document, which carries its own config and seed. " +
                    "Put the value into the document, or give the class name.",
                    value));
                return;
            }

            InputConverter.Emit(this, InputConverter.Read(value), WriteObject, value);
        }

        /// <summary>A class name with its config (a dictionary tree or null) and, when <paramref name="hasSeed"/>, a seed.</summary>
        private void Build(string name, object? configTree, bool hasSeed, object? seed)
        {
            if (configTree is not null and not IDictionary)
            {
                throw new InitializerException(
                    "InvalidConfig",
                    ErrorKind.InvalidType,
                    $"-Config must be a dictionary or a PSCustomObject of config keys, for example @{{ seed = 1 }}; got {Initializers.Config.KerasConfig.FormatValue(configTree)}.",
                    configTree);
            }

            var config = (IDictionary?)configTree;
            WriteObject(hasSeed ? InitializerCatalog.Create(name, config, SeedValue(seed)) : InitializerCatalog.Create(name, config));
        }

        /// <summary>A row (Import-Csv, a PSCustomObject without class_name): the Name/ClassName column is the class, a
        /// Seed column the seed, a Config column (dictionary or JSON/YAML text) config keys, and every other column a
        /// config key. Text cells are read as YAML scalars ('2.0' is a number, 'fan_avg' a string, an empty cell is
        /// left out). A column that is not a config key of the class is an error (UnknownConfigKey), never dropped.</summary>
        private void FromRow(PSObject row)
        {
            string? name = null;
            object? seed = null;
            var hasSeed = false;
            var config = InputConverter.ToTree(Config) as OrderedDictionary ?? new OrderedDictionary(StringComparer.Ordinal);
            foreach (var property in row.Properties.Where(p => p is PSNoteProperty or PSProperty))
            {
                var cell = InputConverter.Unwrap(property.Value);
                if (NameColumns.Contains(property.Name, StringComparer.OrdinalIgnoreCase))
                {
                    name = Convert.ToString(cell, CultureInfo.InvariantCulture);
                }
                else if (cell is null || (cell is string blank && blank.Trim().Length == 0))
                {
                    continue;
                }
                else if (string.Equals(property.Name, "Seed", StringComparison.OrdinalIgnoreCase))
                {
                    (hasSeed, seed) = (true, cell);
                }
                else if (string.Equals(property.Name, "Config", StringComparison.OrdinalIgnoreCase))
                {
                    var inner = cell is string text ? InitializerText.ParseDocuments(text).FirstOrDefault() : InputConverter.ToTree(cell);
                    foreach (DictionaryEntry entry in inner as IDictionary ?? new OrderedDictionary())
                    {
                        config[entry.Key] = entry.Value;
                    }
                }
                else
                {
                    config[property.Name] = cell is string text ? YamlCell(text) : InputConverter.ToTree(cell);
                }
            }

            if (string.IsNullOrWhiteSpace(name))
            {
                throw new InitializerException(
                    "MissingClassName",
                    ErrorKind.InvalidData,
                    $"The row {Initializers.Config.KerasConfig.FormatValue(InputConverter.ToTree(row))} names no initializer: give a Name (or ClassName) column, " +
                    "or a Keras document with class_name.",
                    row);
            }

            Build(name!.Trim(), config, hasSeed || MyInvocation.BoundParameters.ContainsKey(nameof(Seed)), hasSeed ? seed : Seed);
        }

        private static bool IsDocument(PSObject value) =>
            value.Properties["class_name"] is not null || value.Properties["className"] is not null;

        /// <summary>A table cell's text as a YAML 1.2 core-schema scalar: numbers, true/false and null by their text.</summary>
        private static object? YamlCell(string text) => InitializerText.ParseDocuments(text, ConfigFormat.Yaml).FirstOrDefault();

        /// <summary>A seed given as text (a bare -1 binds to an object parameter as a string; $env:SEED and CSV cells
        /// are strings): whole numbers in the invariant culture become integers; anything else stays as it is and is
        /// refused by the seed check with its own message.</summary>
        private static object? SeedValue(object? seed)
        {
            var value = InputConverter.ToTree(seed);
            if (value is string text && BigInteger.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
            {
                return whole;
            }

            return value;
        }
    }
}
