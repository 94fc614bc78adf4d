#Requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests and demonstrates the Initializers module.
.DESCRIPTION
    Tasks:
      Build (default)  builds lib/ and module/, generates MAML help from docs/, lays the module out in out/Initializers
      Test             Build, then the xunit suites (dotnet test): the library tests against its net8.0 build and again
                       against its netstandard2.0 build, the hosted-cmdlet tests, the TorchSharp interop tests, and the
                       library's EveryTier tests
                       (golden values, SIMD against scalar) of both builds in child processes with
                       DOTNET_EnableAVX512=0, DOTNET_EnableAVX2=0 and DOTNET_EnableHWIntrinsic=0; then Pester in a
                       fresh pwsh against out/Initializers. The last line printed is "N passed, N failed, N skipped"
                       over all of them (a skipped test is never counted as passed); exits 1 on any failure
      Golden           Recomputes tests/golden/seeded-values.tsv (tests/golden/Generator). Only for an intended change
                       of seeded values: a breaking change, for a major version, logged in CHANGELOG.md
      Package          Build, then out/packages/: the module package Initializers.<version>.nupkg (Publish-PSResource to
                       a temporary local file repository) and the library packages Initializers.Core.<version>.nupkg and
                       .snupkg (dotnet pack lib/), and Initializers.TorchSharp.<version>.nupkg and .snupkg (dotnet pack
                       interop/Initializers.TorchSharp). <version> is ModuleVersion plus the manifest's Prerelease label as a
                       SemVer prerelease (0.1.0-preview1); see tools/Release.ps1 for how the CHANGELOG section is chosen.
                       An unparseable version or a CHANGELOG without the version's section stops before anything is written
      Demo             Build, then demo/demo.ps1 in a fresh pwsh against out/Initializers
      Bench            Build, then the BenchmarkDotNet suite (benchmarks/), the peak-memory probe and the
                       PowerShell import/overhead figures; results in BenchmarkDotNet.Artifacts/ (see docs/benchmarks.md)
      Fuzz             Coverage-guided fuzzing of one reader (-Target, -Seconds) with SharpFuzz and libFuzzer; not part
                       of Test. Needs clang with libFuzzer (Debian: clang-19 libfuzzer-19-dev); installs the sharpfuzz
                       tool into obj/fuzz. Corpus and findings stay in obj/fuzz/<Target>; see docs/fuzzing.md
      Mutate           Mutation testing of lib/ with Stryker.NET (the dotnet-stryker tool pinned in .config/dotnet-tools.json)
                       and stryker-config.json: the library tests (without the slow suites the config's test-case-filter
                       names) run against each mutant. -Project and -Files choose what is mutated; the HTML and JSON
                       reports go to out/mutation/<name>/reports. Not part of Test: on 2 cores one folder takes 10-40
                       minutes. See docs/testing.md
      Clean            removes out/ and the bin/obj folders of the projects
    Run it with the repository's pwsh: dotnet tool restore && dotnet pwsh ./build.ps1 Test
.PARAMETER Task
    One or more of Build, Test, Package, Demo, Bench, Golden, Fuzz, Mutate, Clean.
.PARAMETER Full
    Test only: also Package, then the consumer tests (tests/Consumers: the module installed with Install-PSResource
    from out/packages, console and class-library projects on the library package), which take a few minutes. CI
    (.ci/run) runs Test -Full.
.PARAMETER WithLibTorch
    Test only: runs the TorchSharp interop tests against libtorch (restores TorchSharp-cpu: about 260 MB of downloads,
    1.3 GB in the NuGet cache, 1 to 2.5 minutes from an empty cache here). -Full implies it; without it those tests are
    reported as skipped.
.PARAMETER Target
    Fuzz only: the reader to fuzz, a name from tests/Initializers.Tests/Robustness/Readers.cs (Json, Yaml, Keras, Npy,
    Npz, Csv, CsvInt, Safetensors, ModelConfig, KerasArchive).
.PARAMETER Seconds
    Fuzz only: how long libFuzzer runs (default 600).
.PARAMETER BenchFilter
    Bench only: a BenchmarkDotNet --filter pattern; the default 'Initializers.Benchmarks.*' runs everything (a bare '*' would be expanded by the shell).
.PARAMETER Project
    Mutate only: folders of lib/ to mutate (lib/Config, Family, ...); with neither -Project nor -Files, all of lib/ except
    what stryker-config.json excludes.
.PARAMETER Files
    Mutate only: files (or globs) of lib/ to mutate, for example lib/Family/Fans.cs.
.PARAMETER Concurrency
    Mutate only: how many test processes Stryker runs at once; 0 (default) keeps stryker-config.json's 1.
.PARAMETER Configuration
    Release (default) or Debug.
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Package', 'Demo', 'Bench', 'Golden', 'Fuzz', 'Mutate', 'Clean')]
    [string[]] $Task = 'Build',

    # Test only: also the package consumer tests (Package first); implies -WithLibTorch.
    [switch] $Full,

    # Test only: the TorchSharp interop tests with libtorch (TorchSharp-cpu, about 250 MB to download, 1.3 GB unpacked).
    [switch] $WithLibTorch,

    # Bench only: the BenchmarkDotNet filter (for example '*Orthogonal*'); the default runs the whole suite (about 25 minutes).
    [string] $BenchFilter = 'Initializers.Benchmarks.*',

    # Fuzz only: the reader to fuzz (see .PARAMETER Target).
    [string] $Target = 'Json',

    # Fuzz only: seconds of fuzzing.
    [int] $Seconds = 600,

    # Mutate only: folders of lib/ to mutate (see .PARAMETER Project).
    [string[]] $Project = @(),

    # Mutate only: files or globs of lib/ to mutate.
    [string[]] $Files = @(),

    # Mutate only: test processes at once (default: the config's 1; the machine's cores are shared).
    [int] $Concurrency = 0,

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'Initializers'
$Manifest = Join-Path $Root 'Initializers.psd1'
$Packages = Join-Path $Out 'packages'
. (Join-Path $Root 'tools/Release.ps1')
# The one version source, checked (with the CHANGELOG section it needs) before any task writes anything.
$Release = Get-ReleaseVersion $Manifest
$Version = $Release.SemVer
$ReleaseNotes = if ($Task | Where-Object { $_ -in 'Build', 'Test', 'Package', 'Demo', 'Bench' }) {
    Get-ReleaseNotes (Join-Path $Root 'CHANGELOG.md') $Release
}
$LibTfms = 'net8.0', 'netstandard2.0'
$TestResults = Join-Path $Root 'TestResults'
# Child processes run the same pwsh as this script (the repository's dotnet tool): its apphost if present, else
# 'dotnet pwsh.dll' from $PSHOME.
$Pwsh = @('pwsh', 'pwsh.exe') | ForEach-Object { Join-Path $PSHOME $_ } | Where-Object { Test-Path $_ -PathType Leaf } | Select-Object -First 1
$PwshArgs = @()
if (-not $Pwsh) { $Pwsh = 'dotnet'; $PwshArgs = @((Join-Path $PSHOME 'pwsh.dll')) }

function Invoke-Native {
    param([string] $File, [string[]] $Arguments)
    Write-Host "> $File $($Arguments -join ' ')" -ForegroundColor DarkGray
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$File exited with code $LASTEXITCODE" }
}

function Invoke-FreshPwsh {
    # Runs a script file in a new pwsh -NoProfile, so the module's dlls are never loaded (and locked) in this process.
    param([string] $File, [string[]] $Arguments = @(), [switch] $NoThrow)
    $all = $PwshArgs + @('-NoProfile', '-NonInteractive', '-File', $File) + $Arguments
    & $Pwsh @all | Out-Host
    $code = $LASTEXITCODE
    if ($code -ne 0 -and -not $NoThrow) { throw "$File exited with code $code" }
    $code
}

function Invoke-Build {
    $obj = Join-Path $Root 'obj/build'
    foreach ($tfm in $LibTfms) {
        Invoke-Native dotnet @('publish', "$Root/lib/Initializers.csproj", '-c', $Configuration, '-f', $tfm,
            '-o', "$obj/lib-$tfm", "-p:Version=$Version", '--nologo', '-v', 'q')
    }
    foreach ($project in 'module/Initializers.PowerShell.csproj', 'loader/Initializers.PowerShell.Loader.csproj') {
        Invoke-Native dotnet @('build', "$Root/$project", '-c', $Configuration, "-p:Version=$Version", '--nologo', '-v', 'q')
    }

    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    New-Item -ItemType Directory -Force $ModuleOut | Out-Null

    $moduleBin = Join-Path $Root "module/bin/$Configuration/netstandard2.0"
    Copy-Item (Join-Path $moduleBin 'Initializers.PowerShell.dll') $ModuleOut
    # The PowerShell 7 resolver: the private load context of the library and its dependencies.
    Copy-Item (Join-Path $Root "loader/bin/$Configuration/net8.0/Initializers.PowerShell.Loader.dll") $ModuleOut
    Copy-Item $Manifest, (Join-Path $Root 'module/Initializers.Format.ps1xml'), (Join-Path $Root 'module/Initializers.Types.ps1xml') $ModuleOut
    Copy-Item (Join-Path $Root 'CHANGELOG.md'), (Join-Path $Root 'LICENSE') $ModuleOut
    Set-ManifestReleaseNotes (Join-Path $ModuleOut 'Initializers.psd1') $ReleaseNotes

    # The library per target framework, and its third-party dependencies in Dependencies/<tfm> (see module/ModuleLoader.cs).
    foreach ($tfm in $LibTfms) {
        $libDir = New-Item -ItemType Directory -Force (Join-Path $ModuleOut "lib/$tfm")
        $depDir = New-Item -ItemType Directory -Force (Join-Path $ModuleOut "Dependencies/$tfm")
        Copy-Item "$obj/lib-$tfm/Initializers.dll" $libDir
        Get-ChildItem "$obj/lib-$tfm" -Filter *.dll | Where-Object Name -NE 'Initializers.dll' | Copy-Item -Destination $depDir
    }

    # Help: MAML generated from docs/en-US/*.md (needs the laid-out module for parameter metadata, so a child pwsh).
    $helpDir = New-Item -ItemType Directory -Force (Join-Path $ModuleOut 'en-US')
    Invoke-FreshPwsh (Join-Path $Root 'tools/New-MamlHelp.ps1') @('-ModulePath', $ModuleOut, '-DocsPath', (Join-Path $Root 'docs/en-US'),
        '-OutputPath', (Join-Path $helpDir 'Initializers.PowerShell.dll-Help.xml')) | Out-Null
    Copy-Item (Join-Path $Root 'docs/en-US/about_Initializers.help.txt') $helpDir

    Write-Host "Built Initializers $Version in $ModuleOut" -ForegroundColor Green
}

function Get-TrxCounts {
    param([string] $Directory)
    $passed = 0; $failed = 0; $skipped = 0
    foreach ($trx in Get-ChildItem $Directory -Filter *.trx -ErrorAction SilentlyContinue) {
        [xml] $doc = Get-Content -Raw $trx.FullName
        $counters = $doc.TestRun.ResultSummary.Counters
        $passed += [int] $counters.passed
        $failed += [int] $counters.failed + [int] $counters.error + [int] $counters.timeout + [int] $counters.aborted
        # xunit's skipped tests are results with outcome NotExecuted (the notExecuted counter stays 0 for them).
        $skipped += $doc.SelectNodes("//*[local-name()='UnitTestResult'][@outcome='NotExecuted']").Count
    }
    [pscustomobject]@{ Passed = $passed; Failed = $failed; Skipped = $skipped }
}

function Invoke-XunitRun {
    # One dotnet test run into its own results folder; returns its counts (a build failure or crash counts as a failure).
    param([string] $Project, [string] $Name, [string[]] $Extra = @(), [hashtable] $Environment = @{})
    $dir = Join-Path $TestResults $Name
    $saved = @{}
    foreach ($key in $Environment.Keys) {
        $saved[$key] = [Environment]::GetEnvironmentVariable($key)
        [Environment]::SetEnvironmentVariable($key, $Environment[$key])
    }
    try {
        & dotnet test (Join-Path $Root $Project) -c $Configuration "-p:Version=$Version" --nologo `
            --logger "trx;LogFileName=$Name.trx" --results-directory $dir @Extra | Out-Host
        $exit = $LASTEXITCODE
    }
    finally {
        foreach ($key in $saved.Keys) { [Environment]::SetEnvironmentVariable($key, $saved[$key]) }
    }
    $counts = Get-TrxCounts $dir
    if ($exit -ne 0 -and $counts.Failed -eq 0) { $counts.Failed = 1 }
    Write-Host "${Name}: $($counts.Passed) passed, $($counts.Failed) failed, $($counts.Skipped) skipped" -ForegroundColor Cyan
    $counts
}

function Invoke-Test {
    $results = $TestResults
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    $passed = 0; $failed = 0; $skipped = 0
    $all = @()

    # The golden-table generator is not run here (that would change the contract), only kept compiling.
    Invoke-Native dotnet @('build', (Join-Path $Root 'tests/golden/Generator'), '-c', $Configuration, '--nologo', '-v', 'q')

    # xunit: the library suite on each build of the library, and the hosted-cmdlet suite.
    $libraryProjects = 'tests/Initializers.Tests', 'tests/Initializers.Tests.NetStandard'
    # tests/Initializers.TorchSharp.Tests: the optional TorchSharp interop (a few seconds; its libtorch tests skip, with
    # the reason, without -WithLibTorch/-Full or where libtorch does not load).
    foreach ($project in $libraryProjects + 'tests/Initializers.PowerShell.Tests') {
        $all += Invoke-XunitRun $project (Split-Path $project -Leaf)
    }
    $all += Invoke-XunitRun 'tests/Initializers.TorchSharp.Tests' 'Initializers.TorchSharp.Tests' @("-p:WithLibTorch=$(($Full -or $WithLibTorch).ToString().ToLowerInvariant())")

    # Every SIMD tier: the EveryTier tests of both builds again, in child processes with the tier switched down
    # (.NET 10 reads DOTNET_EnableAVX512; AVX2=0 also switches FMA off; TierTests checks that each took effect).
    foreach ($tier in 'AVX512', 'AVX2', 'HWIntrinsic') {
        foreach ($project in $libraryProjects) {
            $all += Invoke-XunitRun $project "$(Split-Path $project -Leaf)-no$tier" @('--no-build', '--filter', 'Category=EveryTier') @{ "DOTNET_Enable$tier" = '0' }
        }
    }

    foreach ($counts in $all) { $passed += $counts.Passed; $failed += $counts.Failed; $skipped += $counts.Skipped }

    # Pester in a fresh pwsh against out/Initializers; it writes its counts to a small JSON file.
    Invoke-Native dotnet @('restore', (Join-Path $Root 'tests/tools/Tools.csproj'), '--nologo', '-v', 'q')
    $countsFile = Join-Path $results 'pester-counts.json'
    New-Item -ItemType Directory -Force $results | Out-Null
    $exit = Invoke-FreshPwsh (Join-Path $Root 'tests/Pester/Invoke-PesterSuite.ps1') @('-ModulePath', $ModuleOut, '-CountsPath', $countsFile) -NoThrow
    if (Test-Path $countsFile) {
        $pester = Get-Content -Raw $countsFile | ConvertFrom-Json
        $pp = [int] $pester.Passed; $pf = [int] $pester.Failed; $ps = [int] $pester.Skipped
    }
    else { $pp = 0; $pf = 1; $ps = 0 }
    if ($exit -ne 0 -and $pf -eq 0) { $pf = 1 }
    Write-Host "Pester: $pp passed, $pf failed, $ps skipped" -ForegroundColor Cyan
    $passed += $pp; $failed += $pf; $skipped += $ps

    if ($Full) {
        Invoke-Package
        $consumers = Invoke-ConsumerTest
        $passed += $consumers.Passed; $failed += $consumers.Failed; $skipped += $consumers.Skipped
    }

    "$passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Golden {
    # Recomputes the golden table from the net8.0 build (and, for the no-FMA column, a child process of it with
    # DOTNET_EnableHWIntrinsic=0). The generator lists what changed; changed values are a breaking change.
    Invoke-Native dotnet @('run', '--project', (Join-Path $Root 'tests/golden/Generator'), '-c', $Configuration, '--',
        (Join-Path $Root 'tests/golden'))
}

function Invoke-Package {
    # The packages into out/packages (emptied first). The module package is PSResourceGet's own (a child pwsh, with
    # a temporary repository registration that never reaches the user's); the library packages (Initializers.Core and
    # the optional Initializers.TorchSharp) are dotnet pack's.
    if (Test-Path $Packages) { Remove-Item $Packages -Recurse -Force }
    New-Item -ItemType Directory -Force $Packages | Out-Null
    Invoke-FreshPwsh (Join-Path $Root 'tools/Publish-ModulePackage.ps1') @('-ModulePath', $ModuleOut, '-DestinationPath', $Packages) | Out-Null
    foreach ($project in "$Root/lib/Initializers.csproj", "$Root/interop/Initializers.TorchSharp/Initializers.TorchSharp.csproj") {
        Invoke-Native dotnet @('pack', $project, '-c', $Configuration, "-p:Version=$Version",
            '-p:ContinuousIntegrationBuild=true', '-o', $Packages, '--nologo', '-v', 'q')
    }
    Get-ChildItem $Packages | ForEach-Object { Write-Host "Packed $($_.Name)" -ForegroundColor Green }
}

function Invoke-ConsumerTest {
    # The consumer tests (tests/Consumers) against out/packages, in a fresh pwsh; returns their counts.
    $countsFile = Join-Path $TestResults 'consumer-counts.json'
    New-Item -ItemType Directory -Force $TestResults | Out-Null
    $exit = Invoke-FreshPwsh (Join-Path $Root 'tests/Pester/Invoke-PesterSuite.ps1') @('-ModulePath', $ModuleOut, '-CountsPath', $countsFile,
        '-Path', (Join-Path $Root 'tests/Consumers'), '-PackagesPath', $Packages) -NoThrow
    if (Test-Path $countsFile) {
        $c = Get-Content -Raw $countsFile | ConvertFrom-Json
        $counts = [pscustomobject]@{ Passed = [int] $c.Passed; Failed = [int] $c.Failed; Skipped = [int] $c.Skipped }
    }
    else { $counts = [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 } }
    if ($exit -ne 0 -and $counts.Failed -eq 0) { $counts.Failed = 1 }
    Write-Host "Consumers: $($counts.Passed) passed, $($counts.Failed) failed, $($counts.Skipped) skipped" -ForegroundColor Cyan
    $counts
}

function Invoke-Demo {
    Invoke-FreshPwsh (Join-Path $Root 'demo/demo.ps1') @('-ModulePath', $ModuleOut) | Out-Null
}

function Invoke-Clean {
    if (Test-Path $Out) { Remove-Item $Out -Recurse -Force }
    foreach ($dir in 'obj/build', 'TestResults') {
        $path = Join-Path $Root $dir
        if (Test-Path $path) { Remove-Item $path -Recurse -Force }
    }
    Invoke-Native dotnet @('clean', "$Root/module/Initializers.PowerShell.csproj", '-c', $Configuration, '--nologo', '-v', 'q')
}

function Invoke-Bench {
    # Not part of Test: speed is shown here, never by a timed test. Run it on a quiet machine.
    $artifacts = Join-Path $Root 'BenchmarkDotNet.Artifacts'
    New-Item -ItemType Directory -Force $artifacts | Out-Null
    $project = Join-Path $Root 'benchmarks/Initializers.Benchmarks/Initializers.Benchmarks.csproj'
    Invoke-Native dotnet @('build', $project, '-c', 'Release', "-p:Version=$Version", '--nologo', '-v', 'q')
    $env:INITIALIZERS_MODULE = $ModuleOut   # the cmdlet rows import the laid-out module
    Invoke-Native dotnet @('run', '--no-build', '-c', 'Release', '--project', $project, '--',
        '--filter', $BenchFilter, '--artifacts', $artifacts)

    # Peak memory of one 1e8-element float32 tensor, each initializer in a fresh process.
    $probe = Join-Path $Root 'benchmarks/Initializers.Benchmarks/bin/Release/net10.0/Initializers.Benchmarks.dll'
    $rows = @('initializer,elements,payload_bytes,peak_above_baseline_bytes,ratio')
    foreach ($name in 'Zeros', 'Ones', 'Constant', 'RandomUniform', 'RandomNormal', 'TruncatedNormal', 'GlorotUniform', 'HeNormal') {
        $rows += & dotnet $probe --memory $name
    }
    $rows | Set-Content (Join-Path $artifacts 'memory.csv')
    $rows | Out-Host

    # Import time and cmdlet overhead, in fresh pwsh processes.
    Invoke-FreshPwsh (Join-Path $Root 'tools/Measure-Module.ps1') @('-ModulePath', $ModuleOut) | Out-Null
}

function Invoke-Fuzz {
    # SharpFuzz instruments the library (and YamlDotNet) so that libFuzzer, through the vendored libfuzzer-dotnet
    # driver, sees the branches each input takes. One process at a time: the machine's cores are shared.
    $fuzz = Join-Path $Root 'obj/fuzz'
    $work = Join-Path $fuzz $Target
    $bin = Join-Path $fuzz 'bin'
    New-Item -ItemType Directory -Force $fuzz, $work | Out-Null
    $clang = @('clang', 'clang-19', 'clang-18', 'clang-17', 'clang-16') | Where-Object { Get-Command $_ -ErrorAction SilentlyContinue } | Select-Object -First 1
    if (-not $clang) { throw 'Fuzz needs clang with libFuzzer (Debian: apt-get install clang-19 libfuzzer-19-dev).' }
    $driver = Join-Path $fuzz 'libfuzzer-dotnet'
    if (-not (Test-Path $driver)) {
        Invoke-Native $clang @('-fsanitize=fuzzer', '-O2', (Join-Path $Root 'tools/fuzz/libfuzzer-dotnet.cc'), '-o', $driver)
    }
    $tools = Join-Path $fuzz 'tools'
    $sharpfuzz = Join-Path $tools 'sharpfuzz'
    if (-not (Test-Path $sharpfuzz)) {
        Invoke-Native dotnet @('tool', 'install', 'SharpFuzz.CommandLine', '--version', '2.3.0', '--tool-path', $tools)
    }
    if (Test-Path $bin) { Remove-Item $bin -Recurse -Force }
    Invoke-Native dotnet @('publish', (Join-Path $Root 'tests/Fuzz'), '-c', 'Release', '-o', $bin, '--nologo', '-v', 'q')

    # The corpus: valid documents written by the harness (before instrumenting: instrumented code runs only under the
    # driver), the reader's kept regression inputs, and the fixtures.
    $corpus = Join-Path $work 'corpus'
    $artifacts = Join-Path $work 'findings'
    New-Item -ItemType Directory -Force $corpus, $artifacts | Out-Null
    $env:INITIALIZERS_FUZZ_TARGET = $Target
    Invoke-Native dotnet @((Join-Path $bin 'Initializers.Fuzz.dll'), '--write-seeds', $corpus)
    foreach ($dll in 'Initializers.dll', 'YamlDotNet.dll') {
        Invoke-Native $sharpfuzz @((Join-Path $bin $dll))
    }
    $fixtures = Join-Path $Root 'tests/Initializers.Tests/Fixtures'
    $kept = Join-Path $fixtures "fuzz/$Target"
    if (Test-Path $kept) { Copy-Item (Join-Path $kept '*') $corpus }
    $extensions = @{ Json = '*.json'; Keras = '*.json'; Yaml = '*.json'; Npy = '*.npy'; Npz = '*.npz'; Csv = '*.csv'; CsvInt = '*.csv'; Safetensors = '*.safetensors'; ModelConfig = '*.json' }
    if ($extensions.ContainsKey($Target)) {
        Get-ChildItem $fixtures -Recurse -Filter $extensions[$Target] | Where-Object Length -LT 1MB | Copy-Item -Destination $corpus
    }

    $log = Join-Path $work "run-$(Get-Date -Format 'yyyyMMdd-HHmmss').log"
    $fuzzArgs = @("--target_path=dotnet", "--target_arg=$(Join-Path $bin 'Initializers.Fuzz.dll')", "-max_total_time=$Seconds",
        '-timeout=10', '-rss_limit_mb=4096', '-max_len=65536', "-artifact_prefix=$artifacts/", '-print_final_stats=1', $corpus)
    Write-Host "> $driver $($fuzzArgs -join ' ')" -ForegroundColor DarkGray
    & $driver @fuzzArgs 2>&1 | Tee-Object -FilePath $log | Where-Object { $_ -match 'pulse|NEW_FUNC|Done|stat::|ERROR|crash|timeout|Exception' } | Out-Host
    $code = $LASTEXITCODE
    $text = Get-Content -Raw $log
    $execs = if ($text -match 'stat::number_of_executed_units:\s*(\d+)') { $Matches[1] } else { '?' }
    $findings = @(Get-ChildItem $artifacts -File).Count
    "Fuzz ${Target}: $execs execs in $Seconds s, exit $code, $findings finding(s) in $artifacts, log $log"
}

function Invoke-Mutate {
    # Stryker.NET mutates lib/ (its net8.0 build) and runs tests/Initializers.Tests against each mutant; what it mutates,
    # which tests it runs and the exclusions (each with its reason) are in stryker-config.json. -Project/-Files replace
    # the config's mutate list, so its exclusions ('!' patterns) are added back.
    $config = Join-Path $Root 'stryker-config.json'
    $settings = (Get-Content -Raw $config | ConvertFrom-Json).'stryker-config'
    # 'a,b' from a command line run with -File arrives as one string.
    $Project = @($Project | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
    $Files = @($Files | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
    $patterns = @()
    foreach ($folder in $Project) {
        $relative = ($folder -replace '\\', '/').TrimEnd('/') -replace '^(\./)?(lib/)?', ''
        $patterns += "**/lib/$relative/**/*.cs"
    }
    foreach ($file in $Files) {
        $patterns += '**/lib/' + (($file -replace '\\', '/') -replace '^(\./)?(lib/)?', '')
    }
    $name = if ($patterns.Count -eq 0) { 'lib' } else {
        (@($Project) + @($Files) | ForEach-Object { ($_ -replace '^(\./)?(lib[\\/])?', '') -replace '[\\/*?.]+', '-' }) -join '_'
    }
    # A file name holds at most 255 bytes (Stryker failed with PathTooLongException on twelve files): a long list keeps
    # its first 80 characters and a hash of the whole, so the same list always writes to the same folder.
    if ($name.Length -gt 120) {
        $sha = [System.Security.Cryptography.SHA256]::Create()
        $hash = -join ($sha.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($name))[0..3] | ForEach-Object { $_.ToString('x2') })
        $name = $name.Substring(0, 80) + "-and-more-$hash"
    }
    $output = Join-Path $Out "mutation/$name"
    # --log-to-file: a trace-level log under <output>/logs, the only place that names a test failing in the initial run.
    $arguments = @('tool', 'run', 'dotnet-stryker', '--', '--config-file', $config, '--output', $output, '--log-to-file')
    if ($Concurrency -gt 0) { $arguments += @('--concurrency', "$Concurrency") }
    if ($patterns.Count -gt 0) {
        $patterns += @($settings.mutate | Where-Object { $_.StartsWith('!') })
        foreach ($pattern in $patterns) { $arguments += @('--mutate', $pattern) }
    }
    Invoke-Native dotnet @('tool', 'restore')
    # The tests compare the provenance record's version with the manifest's; Stryker builds the projects without
    # -p:Version, so lib/Initializers.csproj takes it from $(InitializersVersion) in the environment.
    $env:InitializersVersion = $Version
    # tests/Initializers.Tests runs its test classes one at a time under Stryker (see its AssemblyInfo.cs), the tests of
    # the mutated folders first (lib/Serialization: Initializers.Tests.Serialization.*) and the slowest last
    # (MutationRunOrder.cs): a killed mutant is found sooner; the verdicts are the same.
    $env:InitializersMutationRun = 'true'
    $folderOf = { param($path) (($path -replace '\\', '/') -replace '^(\./)?(lib/)?', '') -split '/' }
    $first = @($Project | ForEach-Object { & $folderOf $_ | Select-Object -First 1 }) +
        @($Files | ForEach-Object { $parts = @(& $folderOf $_); if ($parts.Count -gt 1) { $parts[0] } })
    $env:InitializersMutationFirst = ($first | Select-Object -Unique) -join ','
    # The config's test-projects path is relative to the working directory.
    Push-Location $Root
    try {
        Invoke-Native dotnet $arguments
    } finally {
        Pop-Location
        Remove-Item Env:InitializersVersion -ErrorAction SilentlyContinue
        Remove-Item Env:InitializersMutationRun -ErrorAction SilentlyContinue
        Remove-Item Env:InitializersMutationFirst -ErrorAction SilentlyContinue
    }
    $report = Join-Path $output 'reports/mutation-report.json'
    Write-Host "Mutation reports: $(Join-Path $output 'reports/mutation-report.html') and $report" -ForegroundColor Green
    # The score per folder and file as Stryker counts it: (killed + timeout) / (killed + timeout + survived + no coverage).
    $json = Get-Content -Raw $report | ConvertFrom-Json -AsHashtable
    $rows = foreach ($entry in $json.files.GetEnumerator()) {
        $path = $(if ([IO.Path]::IsPathRooted($entry.Key)) { [IO.Path]::GetRelativePath($Root, $entry.Key) } else { $entry.Key }) -replace '\\', '/'
        $statuses = @($entry.Value.mutants | ForEach-Object { $_.status })
        $detected = @($statuses | Where-Object { $_ -in 'Killed', 'Timeout' }).Count
        $undetected = @($statuses | Where-Object { $_ -in 'Survived', 'NoCoverage' }).Count
        if ($detected + $undetected -gt 0) {
            [pscustomobject]@{ Folder = Split-Path $path -Parent; File = $path; Detected = $detected; Undetected = $undetected }
        }
    }
    $rows | Group-Object Folder | ForEach-Object {
        $d = [int]($_.Group | Measure-Object Detected -Sum).Sum
        $u = [int]($_.Group | Measure-Object Undetected -Sum).Sum
        [pscustomobject]@{ Folder = $_.Name; Detected = $d; Undetected = $u; Score = [math]::Round(100.0 * $d / ($d + $u), 1) }
    } | Format-Table -AutoSize | Out-Host
}

foreach ($t in $Task) {
    switch ($t) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Build; Invoke-Test }
        'Package' { Invoke-Build; Invoke-Package }
        'Demo' { Invoke-Build; Invoke-Demo }
        'Bench' { Invoke-Build; Invoke-Bench }
        'Golden' { Invoke-Golden }
        'Fuzz' { Invoke-Fuzz }
        'Mutate' { Invoke-Mutate }
        'Clean' { Invoke-Clean }
    }
}
