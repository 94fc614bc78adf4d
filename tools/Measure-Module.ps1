<#
.SYNOPSIS
    Measures what the module costs: import time over a bare pwsh start, and New-ZerosTensor's per-call overhead
    against New-Object float[] in the same loop. Not a test (no timing assertions anywhere); run it by hand:
        dotnet pwsh ./tools/Measure-Module.ps1 [-ModulePath ./out/Initializers] [-Runs 10] [-Iterations 20000]
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Initializers'),
    [int] $Runs = 10,
    [int] $Iterations = 20000
)
$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
$apphost = @('pwsh', 'pwsh.exe') | ForEach-Object { Join-Path $PSHOME $_ } | Where-Object { Test-Path $_ -PathType Leaf } | Select-Object -First 1
$exe, $pre = if ($apphost) { $apphost, @() } else { 'dotnet', @((Join-Path $PSHOME 'pwsh.dll')) }

function Measure-Start([string] $Command) {
    $times = foreach ($i in 1..$Runs) {
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        & $exe @pre -NoProfile -NonInteractive -Command $Command | Out-Null
        $sw.Elapsed.TotalMilliseconds
    }
    ($times | Sort-Object)[[int][math]::Floor($Runs / 2)]   # median
}

$null = Measure-Start 'exit'   # warm the disk cache
$bare = Measure-Start 'exit'
# Baseline: any Import-Module pays for PowerShell's module machinery; an empty manifest module shows that part.
$empty = Join-Path ([System.IO.Path]::GetTempPath()) 'initializers-empty-module'
New-Item -ItemType Directory -Force $empty | Out-Null
Set-Content -LiteralPath (Join-Path $empty 'initializers-empty-module.psd1') -Value "@{ ModuleVersion = '1.0'; FunctionsToExport = @() }"
$emptyImport = Measure-Start "Import-Module '$empty'; exit"
$import = Measure-Start "Import-Module '$ModulePath'; exit"
$firstUse = Measure-Start "Import-Module '$ModulePath'; `$null = New-ZerosTensor -Shape 3,4; exit"
"pwsh start (median of $Runs):          {0,8:N0} ms" -f $bare
"pwsh start + Import of an empty module:{0,8:N0} ms  (+{1:N0} ms)" -f $emptyImport, ($emptyImport - $bare)
"pwsh start + Import-Module:            {0,8:N0} ms  (+{1:N0} ms)" -f $import, ($import - $bare)
$inProcess = foreach ($i in 1..$Runs) { [int](& $exe @pre -NoProfile -NonInteractive -Command "[int](Measure-Command { Import-Module '$ModulePath' }).TotalMilliseconds") }
"Import-Module alone, in process:       {0,8:N0} ms" -f (($inProcess | Sort-Object)[[int][math]::Floor($Runs / 2)])
"pwsh start + Import + first cmdlet:    {0,8:N0} ms  (+{1:N0} ms)" -f $firstUse, ($firstUse - $bare)

Import-Module $ModulePath
$n = $Iterations
$null = New-ZerosTensor -Shape 3, 4; $null = New-Object -TypeName 'float[]' -ArgumentList 12   # warm up
$tZeros = (Measure-Command { for ($i = 0; $i -lt $n; $i++) { $null = New-ZerosTensor -Shape 3, 4 } }).TotalMilliseconds
$tArray = (Measure-Command { for ($i = 0; $i -lt $n; $i++) { $null = New-Object -TypeName 'float[]' -ArgumentList 12 } }).TotalMilliseconds
"New-ZerosTensor -Shape 3,4:            {0,8:N2} us/call" -f (1000 * $tZeros / $n)
"New-Object float[] 12:                 {0,8:N2} us/call" -f (1000 * $tArray / $n)
"ratio:                                 {0,8:N2}" -f ($tZeros / $tArray)
