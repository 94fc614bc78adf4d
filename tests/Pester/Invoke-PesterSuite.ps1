<#
.SYNOPSIS
    Runs the Pester suite against the laid-out module. build.ps1 starts it in a fresh pwsh -NoProfile.
.DESCRIPTION
    Imports Pester 5.7.1 from the NuGet cache (restored by tests/tools/Tools.csproj), runs the *.Tests.ps1 files of
    -Path (tests/Pester by default; build.ps1 Test -Full also runs tests/Consumers with -PackagesPath out/packages),
    and writes {"Passed": n, "Failed": n, "Skipped": n} to -CountsPath, where Failed includes failed blocks and containers.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $CountsPath,
    [string] $Path = $PSScriptRoot,
    # The folder of built packages, for the consumer tests (INITIALIZERS_PACKAGES).
    [string] $PackagesPath
)
$ErrorActionPreference = 'Stop'

function Get-NuGetPackageRoot {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $line = & dotnet nuget locals global-packages --list | Select-Object -First 1
    ($line -replace '^\s*global-packages:\s*', '').Trim()
}

$packages = Get-NuGetPackageRoot
Import-Module (Join-Path $packages 'pester/5.7.1/tools/Pester.psd1') -Force

$env:INITIALIZERS_MODULE = (Resolve-Path $ModulePath).Path
$env:INITIALIZERS_NUGET = $packages
if ($PackagesPath) { $env:INITIALIZERS_PACKAGES = (Resolve-Path $PackagesPath).Path }

$config = New-PesterConfiguration
$config.Run.Path = $Path
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
$config.Output.RenderMode = 'Plaintext'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'NUnitXml'
$config.TestResult.OutputPath = Join-Path (Split-Path $CountsPath) (([System.IO.Path]::GetFileNameWithoutExtension($CountsPath) -replace '-counts$', '') + '.xml')
$result = Invoke-Pester -Configuration $config

$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount } | ConvertTo-Json | Set-Content -LiteralPath $CountsPath
if ($failed -gt 0) { exit 1 }
exit 0
