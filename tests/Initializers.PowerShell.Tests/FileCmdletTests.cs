using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace Initializers.PowerShell.Tests
{
    [Collection("AtomicFile hook")]
    public sealed class FileCmdletTests : IDisposable
    {
        private readonly string dir = Path.Combine(Path.GetTempPath(), "initializers-tests-" + Guid.NewGuid().ToString("N"));

        public FileCmdletTests() => Directory.CreateDirectory(dir);

        public void Dispose()
        {
            foreach (var f in Directory.GetFiles(dir))
            {
                File.SetAttributes(f, FileAttributes.Normal);
            }

            Directory.Delete(dir, true);
        }

        private Run In(string script) => Run.Script(script, new Hashtable { ["dir"] = dir });

        [Fact]
        public void ExportThenImportYamlByExtension()
        {
            var run = In("'Zeros', 'Ones' | Export-InitializerConfig -Path (Join-Path $dir 'two.yaml') -Style Keras2; Import-InitializerConfig (Join-Path $dir 'two.yaml')");
            Assert.Empty(run.Errors);
            Assert.Equal(new[] { "Zeros", "Ones" }, run.Output.Select(o => ((Initializer)o.BaseObject).ClassName));
            var text = File.ReadAllText(Path.Combine(dir, "two.yaml"));
            Assert.Contains("class_name: Zeros", text);
            Assert.Contains("---", text);
        }

        [Fact]
        public void ExportWritesUtf8WithoutBomAndPassThruGivesTheFile()
        {
            var run = In("New-Initializer Constant @{ value = 3 } | Export-InitializerConfig -LiteralPath (Join-Path $dir 'c.json') -Compress -PassThru");
            var file = Assert.IsType<FileInfo>(run.Single());
            var bytes = File.ReadAllBytes(file.FullName);
            Assert.Equal((byte)'{', bytes[0]);
            Assert.Equal("{\"module\": \"keras.initializers\", \"class_name\": \"Constant\", \"config\": {\"value\": 3}, \"registered_name\": null}\n", File.ReadAllText(file.FullName));
        }

        [Fact]
        public void PassThruGivesWhatGetItemGives()
        {
            // Without PSPath and its siblings the FileSystem views leave UnixMode, User and Size blank.
            var run = In("$f = 'Zeros' | Export-InitializerConfig -Path (Join-Path $dir 'z.json') -PassThru; $f; Get-Item -LiteralPath (Join-Path $dir 'z.json')");
            Assert.Empty(run.Errors);
            Assert.Equal(2, run.Output.Count);
            var (passThru, getItem) = (run.Output[0], run.Output[1]);
            Assert.IsType<FileInfo>(passThru.BaseObject);
            foreach (var name in new[] { "PSPath", "PSParentPath", "PSChildName", "PSDrive", "PSProvider", "PSIsContainer" })
            {
                Assert.NotNull(passThru.Properties[name]);
                Assert.Equal(getItem.Properties[name].Value?.ToString(), passThru.Properties[name].Value?.ToString());
            }

            Assert.Equal(getItem.TypeNames, passThru.TypeNames);
        }

        [Theory]
        [InlineData("e.json")]
        [InlineData("e.yaml")]
        public void NoInputWritesAnEmptyListAsExportCsvWritesAnEmptyFile(string name)
        {
            // Export-Csv and Export-Clixml create (or replace) the file when no input arrives; so does Export, with the
            // empty list that Import reads back as no initializers, without an error.
            var path = Path.Combine(dir, name);
            File.WriteAllText(path, "old content");
            var run = In($"$f = @() | Export-InitializerConfig -Path (Join-Path $dir '{name}') -PassThru; $f.Name; @(Import-InitializerConfig -LiteralPath $f.FullName).Count");
            Assert.Empty(run.Errors);
            Assert.Null(run.Terminating);
            Assert.Equal(new object[] { name, 0 }, run.Output.Select(o => o.BaseObject));
            Assert.Equal("[]\n", File.ReadAllText(path));
        }

        [Fact]
        public void AFailedWriteLeavesTheOldFileWhole()
        {
            // A lone surrogate cannot be written as YAML: the writer fails after the file was chosen, and the old file
            // must still be there, unchanged, with no temporary file left beside it.
            var path = Path.Combine(dir, "keep.yaml");
            File.WriteAllText(path, "old content");
            var run = In("New-Initializer Constant @{ value = [string][char]0xD800 } | Export-InitializerConfig -Path (Join-Path $dir 'keep.yaml') -Force");
            Assert.Contains("lone UTF-16 surrogate", run.Error.Exception.Message);
            Assert.Equal("old content", File.ReadAllText(path));
            Assert.Equal(new[] { path }, Directory.GetFiles(dir));
        }

        [Fact]
        public void AFailedRenameLeavesTheOldFileWhole()
        {
            // The fault is in the rename itself (injected just before it). Export used to delete the old file and then
            // move the temporary one over, and its error path deleted the temporary one too: both files were lost.
            var path = Path.Combine(dir, "keep.json");
            File.WriteAllText(path, "old content");
            Initializers.IO.AtomicFile.BeforeCommit = (temp, target) =>
            {
                if (target == path)
                {
                    throw new IOException("injected rename failure");
                }
            };
            try
            {
                var e = In("New-Initializer Zeros | Export-InitializerConfig -LiteralPath (Join-Path $dir 'keep.json')").Error;
                Assert.StartsWith("FileWriteFailed,", e.FullyQualifiedErrorId);
                Assert.Equal(ErrorCategory.WriteError, e.CategoryInfo.Category);
                Assert.Equal(path, e.TargetObject);
            }
            finally
            {
                Initializers.IO.AtomicFile.BeforeCommit = null;
            }

            Assert.Equal("old content", File.ReadAllText(path));
            Assert.Equal(new[] { path }, Directory.GetFiles(dir));
        }

        [Fact]
        public void WhatIfWritesNothing()
        {
            In("'Zeros' | Export-InitializerConfig -Path (Join-Path $dir 'w.json') -WhatIf");
            Assert.False(File.Exists(Path.Combine(dir, "w.json")));
        }

        [Fact]
        public void NoClobberRefusesAnExistingFile()
        {
            var path = Path.Combine(dir, "x.json");
            File.WriteAllText(path, "keep");
            var e = In("'Zeros' | Export-InitializerConfig -Path (Join-Path $dir 'x.json') -NoClobber").Terminating!;
            Assert.StartsWith("FileExists,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ResourceExists, e.CategoryInfo.Category);
            Assert.Equal(path, e.TargetObject);
            Assert.Equal("keep", File.ReadAllText(path));
        }

        [Fact]
        public void ReadOnlyNeedsForce()
        {
            var path = Path.Combine(dir, "ro.json");
            File.WriteAllText(path, "old");
            File.SetAttributes(path, FileAttributes.ReadOnly);
            var e = In("'Zeros' | Export-InitializerConfig -Path (Join-Path $dir 'ro.json')").Terminating!;
            Assert.StartsWith("FileReadOnly,", e.FullyQualifiedErrorId);
            Assert.Equal("old", File.ReadAllText(path));
            Assert.Empty(In("'Zeros' | Export-InitializerConfig -Path (Join-Path $dir 'ro.json') -Force").Errors);
            Assert.Contains("Zeros", File.ReadAllText(path));
            Assert.True((File.GetAttributes(path) & FileAttributes.ReadOnly) != 0);
        }

        [Fact]
        public void ImportMissingFileIsNonTerminatingFileNotFound()
        {
            var run = In("Import-InitializerConfig -LiteralPath (Join-Path $dir 'nope.json'), (Join-Path $dir 'nope2.json')");
            Assert.Null(run.Terminating);
            Assert.Equal(2, run.Errors.Count);
            Assert.All(run.Errors, e => Assert.StartsWith("FileNotFound,", e.FullyQualifiedErrorId));
            Assert.All(run.Errors, e => Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category));
        }

        [Fact]
        public void ImportParseErrorNamesFileLineAndColumn()
        {
            File.WriteAllText(Path.Combine(dir, "bad.yaml"), "class_name: Zeros\nconfig: [1, 2\n");
            var e = In("Import-InitializerConfig (Join-Path $dir 'bad.yaml')").Error;
            Assert.StartsWith("ConfigParseFailed,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ParserError, e.CategoryInfo.Category);
            Assert.Contains("bad.yaml", e.ErrorDetails.Message);
            Assert.Contains("line", e.ErrorDetails.Message);
        }

        [Fact]
        public void ImportFromGetChildItemBindsLiteralPath()
        {
            File.WriteAllText(Path.Combine(dir, "[a].json"), "{\"class_name\": \"Ones\", \"config\": {}}");
            var run = In("Get-ChildItem -LiteralPath $dir | Import-InitializerConfig");
            Assert.Empty(run.Errors);
            Assert.Equal("Ones", ((Initializer)run.Single()!).ClassName);
        }

        [Fact]
        public void TestInitializerConfigReturnsOneBoolean()
        {
            Assert.Equal(true, Run.Ok("Test-InitializerConfig '{\"class_name\": \"Constant\", \"config\": {\"value\": 1}}'").Single());
            Assert.Equal(false, Run.Ok("Test-InitializerConfig '{\"class_name\": \"Constant\", \"config\": {\"valeu\": 1}}'").Single());
            Assert.Equal(false, Run.Ok("Test-InitializerConfig '{\"class_name\": '").Single());
            Assert.Equal(false, Run.Ok("Test-InitializerConfig ''").Single());
            Assert.Equal(true, Run.Ok("@{ value = 2 } | Test-InitializerConfig -ClassName Constant").Single());
        }
    }
}
