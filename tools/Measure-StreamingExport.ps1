<#
.SYNOPSIS
    Times one streaming export (Export-Tensor -Initializer) in a fresh pwsh and reports its element rate and the peak
    working set of that process; the file is deleted afterwards.
.DESCRIPTION
    Run after `dotnet pwsh ./build.ps1` (it imports out/Initializers). The default is the docs/benchmarks.md row:
    4e9 int8 elements of a seeded RandomUniform(-128, 128) into one .npy file (4 GB on disk, in the temp folder).
    Not part of the test task; no test asserts a time.
.EXAMPLE
    dotnet pwsh ./tools/Measure-StreamingExport.ps1
#>
param(
    [long] $Elements = 4000000000,
    [string] $DType = 'int8',
    [string] $Extension = '.npy',
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Initializers')
)
$ErrorActionPreference = 'Stop'
$module = (Resolve-Path $ModulePath).Path
$path = Join-Path ([System.IO.Path]::GetTempPath()) ("measure-streaming-" + [guid]::NewGuid().ToString('n') + $Extension)
$script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$module'
`$before = [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
`$clock = [System.Diagnostics.Stopwatch]::StartNew()
Export-Tensor -LiteralPath '$path' -Initializer @{ class_name = 'RandomUniform'; config = @{ minval = -128; maxval = 128; seed = 1 } } -Shape $Elements -DType $DType -ProgressAction SilentlyContinue
`$seconds = `$clock.Elapsed.TotalSeconds
`$process = [System.Diagnostics.Process]::GetCurrentProcess()
`$process.Refresh()
[pscustomobject]@{ Seconds = `$seconds; PeakBeforeMB = `$before / 1MB; PeakMB = `$process.PeakWorkingSet64 / 1MB; Bytes = (Get-Item -LiteralPath '$path').Length } | ConvertTo-Json -Compress
"@
try {
    # A fresh pwsh as build.ps1 starts one (pwsh from $PSHOME, or dotnet pwsh.dll under `dotnet pwsh`).
    $pwsh = @('pwsh', 'pwsh.exe') | ForEach-Object { Join-Path $PSHOME $_ } | Where-Object { Test-Path $_ -PathType Leaf } | Select-Object -First 1
    $prefix = @()
    if (-not $pwsh) { $pwsh = 'dotnet'; $prefix = @((Join-Path $PSHOME 'pwsh.dll')) }
    $json = & $pwsh @prefix -NoProfile -NonInteractive -Command $script
    if ($LASTEXITCODE) { throw "The measuring pwsh failed ($LASTEXITCODE)." }
    $r = $json | Select-Object -Last 1 | ConvertFrom-Json
    [pscustomobject]@{
        Elements         = $Elements
        DType            = $DType
        FileBytes        = $r.Bytes
        Seconds          = [math]::Round($r.Seconds, 2)
        ElementsPerSec   = '{0:N2} G/s' -f ($Elements / $r.Seconds / 1e9)
        PeakWorkingSetMB = [math]::Round($r.PeakMB, 1)
        PeakAfterImportMB = [math]::Round($r.PeakBeforeMB, 1)
    }
}
finally {
    Remove-Item -LiteralPath $path -Force -ErrorAction SilentlyContinue
}
