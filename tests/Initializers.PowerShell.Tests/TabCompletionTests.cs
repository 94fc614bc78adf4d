using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace Initializers.PowerShell.Tests
{
    /// <summary>Tab completion through TabExpansion2, as the console calls it (moved from Pester: completion needs the
    /// cmdlets and their argument completers, not the built module).</summary>
    public class TabCompletionTests
    {
        private const string CompleteFunction =
            "function Complete([string] $Line) { (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText }\n";

        private static string[] Complete(string line)
        {
            var run = Run.Ok(CompleteFunction + "Complete $line", new Hashtable { ["line"] = line });
            // No completion is a lone $null in the output.
            return run.Output.Where(o => o is not null).Select(o => (string)o.BaseObject).ToArray();
        }

        private static string[] ClassNames() =>
            Run.Ok("(Get-Initializer).ClassName").Output.Select(o => (string)o.BaseObject).ToArray();

        [Fact]
        public void InitializerNamesByPrefixCaseInsensitive()
        {
            var matches = Complete("New-Initializer con");
            Assert.Contains("Constant", matches);
            Assert.Contains("constant_initializer", matches);
            Assert.DoesNotContain("Zeros", matches);
        }

        [Fact]
        public void InitializerNamesByWildcard()
        {
            Assert.Contains("Zeros", Complete("New-Tensor -Shape 2 -Initializer *eros"));
        }

        [Fact]
        public void GetInitializerCompletesNamesWithAWildcard()
        {
            Assert.Contains("RandomUniform", Complete("Get-Initializer *uniform"));
        }

        [Fact]
        public void ClassNamesComeBeforeAliases()
        {
            Assert.Equal("Zeros", Complete("New-Initializer ")[0]);
            Assert.Equal(new[] { "GlorotUniform", "GlorotNormal" }, Complete("New-Initializer glo").Take(2));
        }

        [Theory]
        [InlineData("New-Initializer ")]
        [InlineData("Get-Initializer -Name ")]
        public void OnlyTheClassNamesBeforeAnythingIsTyped(string line)
        {
            var classes = ClassNames();
            Assert.NotEmpty(classes);
            Assert.Equal(classes, Complete(line));
        }

        [Fact]
        public void AnAliasThatOnlyDiffersInCaseFromItsClassIsLeftOut()
        {
            Assert.Equal(new[] { "Zeros", "ZerosV2", "zerosV2", "zero", "zeros_initializer", "zeros_" }, Complete("New-Initializer zer"));
        }

        [Fact]
        public void TheQuoteTheUserOpenedIsKept()
        {
            Assert.Equal(
                new[] { "'glorot_uniform'", "'glorot_uniformV2'", "'glorot_uniform_initializer'" },
                Complete("New-Initializer 'glorot_u"));
        }

        [Theory]
        [InlineData("New-ZerosTensor 2 -DType in", "int8,int16,int32,int64")]
        [InlineData("New-Tensor Zeros 2 -DType in", "int8,int16,int32,int64")]
        [InlineData("New-ZerosTensor 2 -DType float", "float16,float32,float64")]
        public void DTypes(string line, string expected)
        {
            Assert.Equal(expected.Split(','), Complete(line));
        }

        [Fact]
        public void CommandCompletionCompleteInputToo()
        {
            var run = Run.Ok(
                "$line = 'ConvertFrom-InitializerConfig -ClassName const'\n" +
                "[System.Management.Automation.CommandCompletion]::CompleteInput($line, $line.Length, $null).CompletionMatches.CompletionText");
            Assert.Contains("Constant", run.Output.Select(o => (string)o.BaseObject));
        }

        [Fact]
        public void EveryEncodingOfSetContentButAnsiOemAndUtf7()
        {
            var builtIn = Complete("Set-Content -Encoding ").Where(n => n != "ansi" && n != "oem" && n != "utf7").ToArray();
            Assert.NotEmpty(builtIn);
            foreach (var line in new[] { "Export-InitializerConfig x.json -Encoding ", "Import-InitializerConfig x.json -Encoding " })
            {
                var ours = Complete(line);
                foreach (var name in builtIn)
                {
                    Assert.True(ours.Contains(name), $"{line} offers {name}");
                }
            }
        }

        /// <summary>Every catalog class with config keys, none of them required (a required key is completed as $null,
        /// which New-Initializer refuses until it is filled in): class name, first alias, keys in Keras order.</summary>
        public static IEnumerable<object[]> ClassesWithConfig() =>
            Run.Ok("Get-Initializer | Where-Object { $_.ConfigKeys.Count -and -not ($_.ConfigKeys | Where-Object Required) } | ForEach-Object { ,@($_.ClassName, $_.Aliases[0], (@($_.ConfigKeys.Name) -join ',')) }")
                .Output.Select(o => ((object[])o.BaseObject).Cast<object>().ToArray());

        [Theory]
        [MemberData(nameof(ClassesWithConfig))]
        public void ConfigCompletionFillsInTheKeysWithTheirDefaultsAndBuildsTheDefault(string className, string alias, string keys)
        {
            var expectedKeys = keys.Split(',');
            var run = Run.Ok(
                CompleteFunction +
                "$m = @(Complete \"New-Initializer $Class -Config \")\n" +
                "$config = Invoke-Expression $m[0]\n" +
                "[pscustomobject]@{\n" +
                "  Matches = $m\n" +
                "  Order = @([regex]::Matches($m[0], '(\\w+) = ') | ForEach-Object { $_.Groups[1].Value })\n" +
                "  Keys = @($config.Keys)\n" +
                "  Built = New-Initializer $Class -Config $config | ConvertTo-InitializerConfig\n" +
                "  Default = New-Initializer $Class | ConvertTo-InitializerConfig\n" +
                "  ByAlias = @(Complete \"New-Initializer $Alias \")\n" +
                "  AfterAt = @(Complete \"New-Initializer -ClassName $Class -Config @\")\n" +
                "}",
                new Hashtable { ["Class"] = className, ["Alias"] = alias });
            var r = Assert.Single(run.Output);
            string[] Strings(string name) => ((IEnumerable)r.Properties[name].Value).Cast<object>().Select(o => o.ToString()!).ToArray();
            var matches = Strings("Matches");
            Assert.Single(matches);
            // The keys come in Keras order.
            Assert.Equal(expectedKeys, Strings("Order"));
            Assert.Equal(expectedKeys.OrderBy(k => k, System.StringComparer.Ordinal), Strings("Keys").OrderBy(k => k, System.StringComparer.Ordinal));
            Assert.NotNull(r.Properties["Default"].Value);
            Assert.Equal(r.Properties["Default"].Value?.ToString(), r.Properties["Built"].Value?.ToString());
            // By position, through an alias of -Name, and after '@'.
            Assert.Equal(matches, Strings("ByAlias"));
            Assert.Equal(matches, Strings("AfterAt"));
        }

        [Theory]
        [InlineData("ConvertFrom-InitializerConfig")]
        [InlineData("Test-InitializerConfig")]
        public void APlainConfigForClassNameCompletesToo(string cmdlet)
        {
            // With -ClassName the input is a plain config: the same hashtable of keys and defaults, which reads back as
            // the default initializer.
            var run = Run.Ok(
                CompleteFunction +
                "$m = @(Complete \"$Cmdlet -ClassName RandomNormal -InputObject \")\n" +
                "[pscustomobject]@{ Matches = $m; Built = (& $Cmdlet -ClassName RandomNormal -InputObject (Invoke-Expression $m[0])) }",
                new Hashtable { ["Cmdlet"] = cmdlet });
            var r = Assert.Single(run.Output);
            var matches = ((IEnumerable)r.Properties["Matches"].Value).Cast<object>().Select(o => o.ToString()).ToArray();
            Assert.Equal(new[] { "@{ mean = 0.0; stddev = 0.05; seed = $null }" }, matches);
            var built = r.Properties["Built"].Value is System.Management.Automation.PSObject p ? p.BaseObject : r.Properties["Built"].Value;
            if (cmdlet == "Test-InitializerConfig")
            {
                Assert.Equal(true, built);
            }
            else
            {
                Assert.Equal("RandomNormal(mean=0.0, stddev=0.05, seed=None)", built?.ToString());
            }
        }

        [Theory]
        [InlineData("New-Initializer Zeros -Config ")]
        [InlineData("New-Initializer -Config ")]
        public void NoConfigCompletionWithoutKeysOrBeforeTheClassIsKnown(string line)
        {
            Assert.Empty(Complete(line));
        }
    }
}
