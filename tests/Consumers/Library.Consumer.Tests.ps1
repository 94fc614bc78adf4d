# The library package as a .NET user meets it: throwaway projects that add Initializers.Core from out/packages and
# nothing else (no project reference), restored offline. NuGet sees a temporary NuGet.config whose only sources are
# out/packages and, as a read-only local feed, the NuGet cache that the build already filled; packages extract into a
# temporary folder, so a rebuilt package of the same version is never shadowed by a stale cached copy and the user's
# own NuGet configuration and cache are neither read for sources nor written.
BeforeAll {
    . $PSScriptRoot/Consumers.ps1
    $script:Work = New-TempFolder 'library-consumer'
    $script:Feed = $NuGet   # the global packages folder of the build, as a local feed
    $script:Environment = @{
        NUGET_PACKAGES = (Join-Path $Work 'packages')
        NUGET_HTTP_CACHE_PATH = (Join-Path $Work 'http-cache')
        DOTNET_CLI_TELEMETRY_OPTOUT = '1'
        DOTNET_NOLOGO = '1'
        DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
    }
    $config = @"
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="initializers-out" value="$Packages" />
    <add key="build-cache" value="$Feed" />
  </packageSources>
  <disabledPackageSources>
    <clear />
  </disabledPackageSources>
</configuration>
"@
    Set-Content -LiteralPath (Join-Path $Work 'NuGet.config') -Value $config

    function Invoke-Dotnet {
        # dotnet in $Work's environment; throws with its output when it fails.
        param([string[]] $Arguments)
        Invoke-WithEnvironment $Environment {
            $out = & dotnet @Arguments 2>&1 | ForEach-Object { "$_" }
            if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments -join ' ') exited with $LASTEXITCODE`n$($out -join "`n")" }
            $out
        }
    }

    function Set-Project {
        # Edits a template's project file: one TargetFramework and extra properties.
        param([string] $Path, [string] $TargetFramework, [hashtable] $Properties = @{})
        [xml] $doc = Get-Content -Raw -LiteralPath $Path
        $group = $doc.Project.PropertyGroup | Select-Object -First 1
        $group.TargetFramework = $TargetFramework
        foreach ($key in $Properties.Keys) {
            $node = $doc.CreateElement($key)
            $node.InnerText = $Properties[$key]
            $null = $group.AppendChild($node)
        }
        $doc.Save($Path)
    }
}

AfterAll {
    if ($Work) { Remove-Item -LiteralPath $Work -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'The library package Initializers.Core' {
    It 'is in out/packages with its symbols package, at the manifest''s version' {
        Join-Path $Packages "Initializers.Core.$($ReleaseVersion.SemVer).nupkg" | Should -Exist
        Join-Path $Packages "Initializers.Core.$($ReleaseVersion.SemVer).snupkg" | Should -Exist
    }

    It 'carries both target frameworks, XML docs, README, LICENSE and the dependency ranges' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead((Join-Path $Packages "Initializers.Core.$($ReleaseVersion.SemVer).nupkg"))
        try {
            $names = $zip.Entries.FullName
            foreach ($tfm in 'net8.0', 'netstandard2.0') {
                $names | Should -Contain "lib/$tfm/Initializers.dll"
                $names | Should -Contain "lib/$tfm/Initializers.xml"
            }
            $names | Should -Contain 'README.md'
            $names | Should -Contain 'LICENSE'
            $reader = [System.IO.StreamReader]::new($zip.GetEntry('Initializers.Core.nuspec').Open())
            [xml] $nuspec = $reader.ReadToEnd()
            $reader.Dispose()
        }
        finally { $zip.Dispose() }
        $meta = $nuspec.package.metadata
        $meta.version | Should -Be $ReleaseVersion.SemVer
        $meta.license.type | Should -Be 'expression'
        $meta.license.'#text' | Should -Be 'MIT'
        $meta.readme | Should -Be 'README.md'
        foreach ($group in $meta.dependencies.group) {
            $ranges = @{}
            foreach ($d in $group.dependency) { $ranges[$d.id] = $d.version }
            $ranges['MathNet.Numerics'] | Should -Be '[5.0.0, 6.0.0)'
            $ranges['YamlDotNet'] | Should -Be '[18.1.0, 19.0.0)'
        }
        @($meta.dependencies.group.targetFramework) | Should -Be @('net8.0', '.NETStandard2.0')
    }

    It 'runs in a net8.0 console app: seeded GlorotUniform values as the golden table has them, and the Keras JSON' {
        $app = Join-Path $Work 'App'
        Invoke-Dotnet @('new', 'console', '-n', 'App', '-o', $app, '--no-restore') | Out-Null
        # UseAppHost false: nothing but the package and the SDK; RollForward: the net8.0 app runs on a newer runtime too.
        Set-Project (Join-Path $app 'App.csproj') 'net8.0' @{ UseAppHost = 'false'; RollForward = 'Major' }
        Set-Content -LiteralPath (Join-Path $app 'Program.cs') -Value @'
using System;
using System.Globalization;
using System.Reflection;
using Initializers;
using Initializers.Family;
using Initializers.Serialization;

var initializer = new GlorotUniform(seed: 42);
var tensor = initializer.Call(new[] { 7, 11 });
var values = tensor.ToArray<float>();
for (var i = 0; i < values.Length; i++)
{
    Console.WriteLine("VALUE " + i + "=" + values[i].ToString("R", CultureInfo.InvariantCulture));
}
Console.WriteLine("SHAPE=" + string.Join("x", tensor.Shape) + " " + tensor.DType.Name());
Console.WriteLine("JSON=" + InitializerText.Write(initializer, ConfigFormat.Json, KerasStyle.Keras3, compress: true));
var assembly = typeof(Tensor).Assembly;
Console.WriteLine("FROM=" + assembly.Location);
Console.WriteLine("VERSION=" + assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion);
'@
        Invoke-Dotnet @('add', $app, 'package', 'Initializers.Core', '--version', $ReleaseVersion.SemVer) | Out-Null
        Invoke-Dotnet @('build', $app, '-c', 'Release', '--nologo', '-v', 'q') | Out-Null
        $out = Invoke-Dotnet @((Join-Path $app 'bin/Release/net8.0/App.dll'))

        # The golden table's sampled elements of this very case (tests/golden/seeded-values.tsv).
        $row = Get-Content (Join-Path $PSScriptRoot '../golden/seeded-values.tsv') | Where-Object { $_ -like 'GlorotUniform(seed=42)|float32|`[7,11`]*' }
        $row | Should -Not -BeNullOrEmpty
        $expected = ($row -split "`t")[4] -split ' '
        $expected.Count | Should -BeGreaterThan 3
        foreach ($pair in $expected) {
            $index, $value = $pair -split '='
            $line = $out | Where-Object { $_ -like "VALUE $index=*" }
            [float]($line -replace '^VALUE \d+=', '') | Should -Be ([float]::Parse($value, [cultureinfo]::InvariantCulture)) -Because "element $index"
        }
        @($out | Where-Object { $_ -like 'VALUE *' }).Count | Should -Be 77
        $out | Should -Contain 'SHAPE=7x11 float32'
        # Keras 3's serialize_keras_object form, keys in Keras's order.
        $json = ($out | Where-Object { $_ -like 'JSON=*' }) -replace '^JSON=', ''
        $doc = $json | ConvertFrom-Json
        @($doc.PSObject.Properties.Name) | Should -Be @('module', 'class_name', 'config', 'registered_name')
        $doc.module | Should -Be 'keras.initializers'
        $doc.class_name | Should -Be 'GlorotUniform'
        @($doc.config.PSObject.Properties.Name) | Should -Be @('seed')
        $doc.config.seed | Should -Be 42
        $doc.registered_name | Should -BeNullOrEmpty
        # The package's net8.0 assembly, extracted into this test's own folder and copied next to the app.
        $fromPackage = Join-Path $Environment.NUGET_PACKAGES "initializers.core/$($ReleaseVersion.SemVer)/lib/net8.0/Initializers.dll"
        $loaded = ($out | Where-Object { $_ -like 'FROM=*' }) -replace '^FROM=', ''
        $loaded | Should -Be (Join-Path $app 'bin/Release/net8.0/Initializers.dll')
        (Get-FileHash $loaded).Hash | Should -Be (Get-FileHash $fromPackage).Hash
        ($out | Where-Object { $_ -like 'VERSION=*' }) | Should -BeLike "VERSION=$($ReleaseVersion.SemVer)*"
    }

    It 'runs the tour of docs/csharp.md (the package README) and prints what its comments say' {
        # The ```csharp blocks of the page, in order, are one top-level program; each Console.WriteLine line ends in a
        # comment with what it prints.
        $page = Get-Content -Raw (Join-Path $PSScriptRoot '../../docs/csharp.md')
        $code = ([regex]::Matches($page, '(?ms)^```csharp\r?\n(.*?)^```') | ForEach-Object { $_.Groups[1].Value }) -join "`n"
        $expected = @($code -split '\r?\n' | Where-Object { $_ -match '^\s*Console\.WriteLine\(.*\);\s*//\s*(.+)$' } | ForEach-Object { $Matches[1].TrimEnd() })
        $expected.Count | Should -BeGreaterThan 10
        $tour = Join-Path $Work 'Tour'
        Invoke-Dotnet @('new', 'console', '-n', 'Tour', '-o', $tour, '--no-restore') | Out-Null
        Set-Project (Join-Path $tour 'Tour.csproj') 'net8.0' @{ UseAppHost = 'false'; RollForward = 'Major'; InvariantGlobalization = 'true' }
        Set-Content -LiteralPath (Join-Path $tour 'Program.cs') -Value $code
        Invoke-Dotnet @('add', $tour, 'package', 'Initializers.Core', '--version', $ReleaseVersion.SemVer) | Out-Null
        Invoke-Dotnet @('build', $tour, '-c', 'Release', '--nologo', '-v', 'q') | Out-Null
        $out = @(Invoke-Dotnet @((Join-Path $tour 'bin/Release/net8.0/Tour.dll')))
        $out | Should -Be $expected
    }

    It 'builds a netstandard2.0 class library against it' {
        $lib = Join-Path $Work 'Lib'
        Invoke-Dotnet @('new', 'classlib', '-n', 'Lib', '-o', $lib, '--no-restore') | Out-Null
        Set-Project (Join-Path $lib 'Lib.csproj') 'netstandard2.0' @{ LangVersion = 'latest' }
        Remove-Item (Join-Path $lib 'Class1.cs')
        Set-Content -LiteralPath (Join-Path $lib 'Weights.cs') -Value @'
using Initializers;
using Initializers.Family;
using MathNet.Numerics.LinearAlgebra;

namespace Lib
{
    public static class Weights
    {
        public static Matrix<float> Kernel(int inputs, int units, long seed) =>
            new HeNormal(seed).Call(new[] { inputs, units }).ToMatrix<float>();
    }
}
'@
        Invoke-Dotnet @('add', $lib, 'package', 'Initializers.Core', '--version', $ReleaseVersion.SemVer) | Out-Null
        Invoke-Dotnet @('build', $lib, '-c', 'Release', '--nologo', '-v', 'q') | Out-Null
        Join-Path $lib 'bin/Release/netstandard2.0/Lib.dll' | Should -Exist
        Join-Path $Environment.NUGET_PACKAGES "initializers.core/$($ReleaseVersion.SemVer)/lib/netstandard2.0/Initializers.dll" | Should -Exist
    }
}
