<#
.SYNOPSIS
    Makes the module package Initializers.<version>.nupkg with PSResourceGet itself: Publish-PSResource of the laid-out
    module to a local file repository on -DestinationPath. build.ps1 Package runs it in a fresh pwsh.
.DESCRIPTION
    The repository is registered under a unique name for this run only and unregistered afterwards. On Linux and macOS
    PSResourceGet keeps its registrations under the local application-data folder, which this script first points
    at a temporary folder (HOME), so the user's own registrations are never read or written; on Windows that
    folder cannot be moved, and the unique registration is removed again in a finally block.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $DestinationPath
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$temp = Join-Path ([System.IO.Path]::GetTempPath()) ('initializers-publish-' + [guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Force $temp | Out-Null
if (-not $IsWindows) {
    # Before PSResourceGet loads: its settings live under the local application-data folder ($HOME/.local/share) and
    # its NuGet settings under $HOME/.config. Both must exist: .NET gives an empty path for a missing folder, and
    # PSResourceGet would then write into the current directory.
    $env:HOME = $temp
    $env:XDG_DATA_HOME = $null
    $env:XDG_CONFIG_HOME = $null
    $null = New-Item -ItemType Directory -Force (Join-Path $temp '.local/share'), (Join-Path $temp '.config')
}
$name = 'InitializersBuild' + [guid]::NewGuid().ToString('N')
try {
    Import-Module Microsoft.PowerShell.PSResourceGet
    Register-PSResourceRepository -Name $name -Uri (Resolve-Path $DestinationPath).Path -Trusted
    Publish-PSResource -Path $ModulePath -Repository $name -SkipDependenciesCheck
}
finally {
    Unregister-PSResourceRepository -Name $name -ErrorAction SilentlyContinue
    Remove-Item -LiteralPath $temp -Recurse -Force -ErrorAction SilentlyContinue
}
